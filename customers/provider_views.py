"""The provider's side of choice: the inbox, its customers, and the order
page where it accepts (or declines) and writes the care plan. A provider
sees a customer only while a choice of it lasts (customers.models.access).
The reads, and their access-log rows, are customers.selectors.provider's."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.forms import CarePlanForm, DeclineForm
from customers.models import Choice, ChoiceStatus
from customers.selectors import (
    care_plans_of,
    order_for_provider,
    provider_choice,
    provider_customer_list,
)
from customers.services import care_plan_write, choice_transition, notices_read
from kundval.access import require_roles
from kundval.forms import add_errors
from kundval.models import Role

PAGE = 50


@require_roles(Role.PROVIDER_USER)
def provider_customers(request):
    shown = provider_customer_list(
        user=request.user, page_number=request.GET.get("sida"), per_page=PAGE
    )
    return render(
        request,
        "customers/provider_customers.html",
        {"notices": shown.notices, "page": shown.page},
    )


@require_roles(Role.PROVIDER_USER)
def order_page(request, pk: int):
    choice = order_for_provider(user=request.user, pk=pk)
    notices_read(user=request.user, choice=choice)
    return _order_page(request, choice, CarePlanForm(), DeclineForm())


def _order_page(request, choice: Choice, care_plan_form, decline_form):
    context = {
        "choice": choice,
        "decision": choice.decision,
        "customer": choice.decision.customer,
        "care_plans": care_plans_of(choice=choice),
        "care_plan_form": care_plan_form,
        "decline_form": decline_form,
    }
    return render(request, "customers/order.html", context)


@require_POST
@require_roles(Role.PROVIDER_USER)
def order_answer(request, pk: int):
    choice = provider_choice(user=request.user, pk=pk)
    action = request.POST.get("action")
    if action == "accept":
        _apply(request, choice, ChoiceStatus.ACCEPTED, "", _("The order is accepted."))
        return redirect("order-page", choice.pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["note"]
        if _apply(
            request, choice, ChoiceStatus.DECLINED, note, _("The order is declined.")
        ):
            return redirect("provider-customers")
        return redirect("order-page", choice.pk)
    choice = order_for_provider(user=request.user, pk=choice.pk)
    return _order_page(request, choice, CarePlanForm(), form)


def _apply(request, choice, to: str, note: str, done: str) -> bool:
    try:
        choice_transition(user=request.user, choice=choice, to=to, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True


@require_POST
@require_roles(Role.PROVIDER_USER)
def care_plan_new(request, pk: int):
    choice = provider_choice(user=request.user, pk=pk)
    form = CarePlanForm(request.POST)
    if form.is_valid():
        try:
            care_plan_write(user=request.user, choice=choice, **form.cleaned_data)
            messages.success(request, _("The care plan is saved."))
            return redirect("order-page", choice.pk)
        except ValidationError as error:
            add_errors(form, error)
    choice = order_for_provider(user=request.user, pk=choice.pk)
    return _order_page(request, choice, form, DeclineForm())
