"""The case officer records the customer's choice or switch, and sees the
work list of customers waiting for a provider."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.forms import ChoiceForm, WithdrawForm
from customers.models import (
    LIVE_STATUSES,
    Choice,
    DecisionStatus,
    DefaultProvider,
    NeedDecision,
)
from customers.selectors import choice_running_on, choosable, officer_work_list
from customers.services import choice_record, choice_withdraw, customer_read
from kundval.access import require_roles
from kundval.forms import add_errors
from kundval.models import Role
from kundval.scoping import visible
from kundval.services import access_log_record_many
from providers.models import Provider

WORK_LIST_LENGTH = 100


@require_roles(Role.CASE_OFFICER)
def choice_new(request, pk: int):
    decisions = visible(NeedDecision.objects.all(), request.user, Role.CASE_OFFICER)
    decision = get_object_or_404(
        decisions.select_related("customer__area", "customer__municipality", "service"),
        pk=pk,
        status=DecisionStatus.DECIDED,
    )
    customer_read(user=request.user, customer=decision.customer, what="choice page")
    today = timezone.localdate()
    options = list(choosable(decision, on=today))
    current = choice_running_on(decision, today)
    form = ChoiceForm(
        request.POST or None,
        options=options,
        initial={"starts_on": max(today, decision.starts_on)},
    )
    if request.method == "POST" and form.is_valid():
        provider_id = form.chosen_provider_id()
        try:
            choice_record(
                user=request.user,
                decision=decision,
                provider=provider_id and Provider.objects.get(pk=provider_id),
                starts_on=form.cleaned_data["starts_on"],
                switch_reason=form.cleaned_data["switch_reason"],
                switch_note=form.cleaned_data["switch_note"],
            )
            messages.success(
                request, _("The choice is recorded and the provider has the order.")
            )
            return redirect("customer-page", decision.customer_id)
        except ValidationError as error:
            add_errors(form, error)
    default = DefaultProvider.objects.filter(service=decision.service_id).first()
    context = {
        "decision": decision,
        "customer": decision.customer,
        "form": form,
        "options": options,
        "current": current,
        "default": default,
    }
    return render(request, "customers/choice_new.html", context)


@require_roles(Role.CASE_OFFICER)
def choice_withdraw_page(request, pk: int):
    """Take back a choice recorded by mistake, before it starts."""
    choices = visible(Choice.objects.all(), request.user, Role.CASE_OFFICER)
    choice = get_object_or_404(
        choices.select_related("decision__customer", "decision__service", "provider"),
        pk=pk,
        status__in=LIVE_STATUSES,
        starts_on__gt=timezone.localdate(),
    )
    customer = choice.decision.customer
    customer_read(user=request.user, customer=customer, what="withdraw choice page")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            choice_withdraw(user=request.user, choice=choice, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The choice is withdrawn."))
            return redirect("customer-page", customer.pk)
    context = {"choice": choice, "customer": customer, "form": form}
    return render(request, "customers/choice_withdraw.html", context)


@require_roles(Role.CASE_OFFICER)
def work_list(request):
    lists = {
        name: list(rows[:WORK_LIST_LENGTH])
        for name, rows in officer_work_list(request.user).items()
    }
    shown = [d.customer for d in lists["without_provider"]] + [
        c.decision.customer for c in lists["unanswered"] + lists["revoked"]
    ]
    access_log_record_many(user=request.user, customers=shown, what="work list")
    return render(request, "customers/work_list.html", lists)
