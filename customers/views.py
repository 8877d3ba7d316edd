"""The case officer's customer pages: search by number (POST only),
register, and the customer's page; every read of a customer is logged (by
the selectors in customers.selectors.people and .decisions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from customers.forms import (
    CustomerForm,
    CustomerSearchForm,
    DecisionAmendForm,
    DecisionChangeForm,
    DecisionForm,
)
from customers.identity import normalize_identity_number
from customers.models import DecisionStatus
from customers.selectors import (
    customer_for_page,
    customer_id_by_number,
    decision_for_letter,
    decisions_of,
    officer_decision,
)
from customers.services import (
    customer_register,
    decision_amend,
    decision_register,
    decision_transition,
)
from kundval.access import require_roles
from kundval.forms import add_errors
from kundval.models import Role
from kundval.pdf import render_pdf
from kundval.scoping import scope_of


@require_roles(Role.CASE_OFFICER)
def customer_search(request):
    form = CustomerSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            number = normalize_identity_number(
                form.cleaned_data["identity_number"], today=timezone.localdate()
            )
        except ValidationError as error:
            form.add_error("identity_number", error)
        else:
            found = customer_id_by_number(user=request.user, identity_number=number)
            if found:
                return redirect("customer-page", found)
            form.add_error(
                "identity_number", _("No customer with that number. Register them.")
            )
    return render(request, "customers/search.html", {"form": form})


@require_roles(Role.CASE_OFFICER)
def customer_new(request):
    municipality_ids = scope_of(request.user).municipality_ids(Role.CASE_OFFICER)
    form = CustomerForm(request.POST or None, municipality_ids=municipality_ids)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        area = data.pop("area")
        try:
            customer = customer_register(
                user=request.user, municipality=area.municipality, **data, area=area
            )
            messages.success(request, _("The customer has been registered."))
            return redirect("customer-page", customer.pk)
        except ValidationError as error:
            add_errors(form, error)
    return render(request, "customers/new.html", {"form": form})


@require_roles(Role.CASE_OFFICER)
def customer_detail(request, pk: int):
    customer = customer_for_page(user=request.user, pk=pk)
    form = DecisionForm(request.POST or None, customer=customer)
    if request.method == "POST" and form.is_valid():
        try:
            decision_register(user=request.user, customer=customer, **form.cleaned_data)
            messages.success(request, _("The draft decision has been saved."))
            return redirect("customer-page", customer.pk)
        except ValidationError as error:
            add_errors(form, error)
    decisions = decisions_of(customer=customer)
    for decision in decisions:
        decision.amend_form = DecisionAmendForm(
            prefix=f"amend-{decision.pk}",
            initial={
                "hours_per_month": decision.hours_per_month,
                "ends_on": decision.ends_on,
            },
        )
    context = {"customer": customer, "form": form, "decisions": decisions}
    return render(request, "customers/detail.html", context)


DECISION_ACTIONS = {
    "decide": (DecisionStatus.DECIDED, gettext_lazy("The decision has been made.")),
    "end": (DecisionStatus.ENDED, gettext_lazy("The decision has been ended.")),
}


@require_POST
@require_roles(Role.CASE_OFFICER)
def decision_change(request, pk: int):
    decision = officer_decision(user=request.user, pk=pk)
    form = DecisionChangeForm(request.POST)
    try:
        if not form.is_valid():
            if "action" in form.errors:
                raise ValidationError(_("Choose what to do with the decision."))
            raise _refusal(form)
        status, done = DECISION_ACTIONS[form.cleaned_data["action"]]
        decision_transition(
            user=request.user,
            decision=decision,
            to=status,
            note=form.cleaned_data["note"],
        )
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("customer-page", decision.customer_id)


def _refusal(form) -> ValidationError:
    """A form's errors as one message for the customer's page."""
    return ValidationError(
        [f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()]
    )


@require_POST
@require_roles(Role.CASE_OFFICER)
def decision_amend_view(request, pk: int):
    decision = officer_decision(user=request.user, pk=pk)
    form = DecisionAmendForm(request.POST, prefix=f"amend-{decision.pk}")
    try:
        if not form.is_valid():
            raise _refusal(form)
        decision_amend(user=request.user, decision=decision, **form.cleaned_data)
        messages.success(request, _("The decision has been changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("customer-page", decision.customer_id)


@require_roles(Role.CASE_OFFICER)
def decision_letter(request, pk: int):
    """The decision letter to the customer, in Swedish whatever the UI language."""
    decision = decision_for_letter(user=request.user, pk=pk)
    pdf = render_pdf(
        template_name="customers/decision_letter.html",
        context={"decision": decision, "today": timezone.localdate()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beslut-{decision.pk}.pdf"'
    return response
