"""The case officer's customer pages: search by number (POST only),
register, and the customer's page; every read of a customer is logged."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.forms import CustomerForm, CustomerSearchForm
from customers.identity import normalize_identity_number
from customers.models import Customer
from customers.services import customer_read, customer_register
from kundval.access import require_roles
from kundval.models import Role
from kundval.scoping import scope_of, visible


def _customers(user):
    return visible(Customer.objects.all(), user, Role.CASE_OFFICER)


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
            found = _customers(request.user).filter(identity_number=number).first()
            if found:
                return redirect("customer-page", found.pk)
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
            _add_errors(form, error)
    return render(request, "customers/new.html", {"form": form})


def _add_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_roles(Role.CASE_OFFICER)
def customer_detail(request, pk: int):
    customer = get_object_or_404(
        _customers(request.user).select_related("area", "municipality"), pk=pk
    )
    customer_read(user=request.user, customer=customer, what="customer page")
    return render(request, "customers/detail.html", {"customer": customer})
