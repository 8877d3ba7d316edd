"""The provider's side of choice: the inbox, its customers, and the order
page where it accepts (or declines) and writes the care plan. A provider
sees a customer only while a choice of it lasts (customers.models.choices)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from customers.forms import CarePlanForm, DeclineForm
from customers.models import Choice, ChoiceStatus, Notice
from customers.services import (
    care_plan_write,
    choice_transition,
    customer_read,
    notices_read,
)
from kundval.access import require_roles
from kundval.forms import add_errors
from kundval.models import Role
from kundval.scoping import visible
from kundval.services import access_log_record_many

PAGE = 50
CUSTOMER = "decision__customer__municipality"


def _choices(user):
    return visible(Choice.objects.all(), user, Role.PROVIDER_USER)


@require_roles(Role.PROVIDER_USER)
def provider_customers(request):
    notices = (
        visible(Notice.objects.all(), request.user, Role.PROVIDER_USER)
        .filter(read_at__isnull=True)
        .select_related(f"choice__{CUSTOMER}", "choice__decision__service")
    )[:PAGE]
    choices = (
        _choices(request.user)
        .select_related(CUSTOMER, "decision__service", "provider")
        .order_by(F("status").desc(), "decision__customer__name", "pk")
    )
    page = Paginator(choices, PAGE).get_page(request.GET.get("sida"))
    shown = [n.choice.decision.customer for n in notices] + [
        c.decision.customer for c in page
    ]
    access_log_record_many(user=request.user, customers=shown, what="provider list")
    return render(
        request, "customers/provider_customers.html", {"notices": notices, "page": page}
    )


@require_roles(Role.PROVIDER_USER)
def order_page(request, pk: int):
    choice = get_object_or_404(
        _choices(request.user).select_related(
            CUSTOMER, "decision__service", "provider"
        ),
        pk=pk,
    )
    customer_read(user=request.user, customer=choice.decision.customer, what="order")
    notices_read(user=request.user, choice=choice)
    return _order_page(request, choice, CarePlanForm(), DeclineForm())


def _order_page(request, choice: Choice, care_plan_form, decline_form):
    context = {
        "choice": choice,
        "decision": choice.decision,
        "customer": choice.decision.customer,
        "care_plans": choice.care_plans.select_related("written_by"),
        "care_plan_form": care_plan_form,
        "decline_form": decline_form,
    }
    return render(request, "customers/order.html", context)


@require_POST
@require_roles(Role.PROVIDER_USER)
def order_answer(request, pk: int):
    choice = get_object_or_404(_choices(request.user), pk=pk)
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
    customer_read(user=request.user, customer=choice.decision.customer, what="order")
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
    choice = get_object_or_404(
        _choices(request.user).select_related(CUSTOMER, "decision__service"), pk=pk
    )
    form = CarePlanForm(request.POST)
    if form.is_valid():
        try:
            care_plan_write(user=request.user, choice=choice, **form.cleaned_data)
            messages.success(request, _("The care plan is saved."))
            return redirect("order-page", choice.pk)
        except ValidationError as error:
            add_errors(form, error)
    customer_read(user=request.user, customer=choice.decision.customer, what="order")
    return _order_page(request, choice, form, DeclineForm())
