"""The case officer records the customer's choice or switch, and sees the
work list of customers waiting for a provider."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.forms import ChoiceForm, WithdrawForm
from customers.selectors import (
    choice_running_on,
    choice_to_withdraw,
    choosable,
    decision_for_choice,
    default_provider_of,
    work_list_shown,
)
from customers.services import choice_record, choice_withdraw
from kundval.access import require_roles
from kundval.forms import add_errors
from kundval.models import Role

WORK_LIST_LENGTH = 100


@require_roles(Role.CASE_OFFICER)
def choice_new(request, pk: int):
    decision = decision_for_choice(user=request.user, pk=pk)
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
                provider=_provider_among(options, provider_id),
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
    context = {
        "decision": decision,
        "customer": decision.customer,
        "form": form,
        "options": options,
        "current": current,
        "default": default_provider_of(service_id=decision.service_id),
    }
    return render(request, "customers/choice_new.html", context)


def _provider_among(options, provider_id: int | None):
    """The chosen option's provider; None for the non-choice. The form
    accepts only the options' providers."""
    if provider_id is None:
        return None
    return next(o.provider for o in options if o.provider_id == provider_id)


@require_roles(Role.CASE_OFFICER)
def choice_withdraw_page(request, pk: int):
    """Take back a choice recorded by mistake, before it starts."""
    choice = choice_to_withdraw(user=request.user, pk=pk)
    customer = choice.decision.customer
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
    lists = work_list_shown(user=request.user, length=WORK_LIST_LENGTH)
    return render(request, "customers/work_list.html", lists)
