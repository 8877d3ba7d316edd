"""The case officer's reads of customers: the customer's page, the search
by number and the API's customer. Scoped to the officer's municipalities;
a read that shows a customer writes its access-log row here."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from customers.identity import normalize_identity_number
from customers.models import Customer, NeedDecision
from customers.selectors.logged import customer_read
from kundval.models import Role
from kundval.scoping import visible


def officer_customers(*, user) -> QuerySet[Customer]:
    """The customers the case officer may see, with municipality and area.
    A query, not a read: nothing is shown, so nothing is logged. An erased
    customer (docs/retention.md) has no file left to see."""
    customers = Customer.objects.filter(erased_on__isnull=True).select_related(
        "municipality", "area"
    )
    return visible(customers, user, Role.CASE_OFFICER)


def officer_customer(*, user, pk: int) -> Customer:
    """A customer of the officer's municipalities to act on (register a
    decision for through the API); 404 for what scoping hides. Not logged:
    it is not shown."""
    return get_object_or_404(officer_customers(user=user), pk=pk)


def customer_id_by_number(*, user, identity_number: str) -> int | None:
    """The id of the officer's customer with that identity number (as
    stored), if any. Only the id: the search shows nothing of the customer
    but leads to their page, which logs the read."""
    customers = officer_customers(user=user).filter(identity_number=identity_number)
    return customers.values_list("pk", flat=True).first()


def customer_id_in(*, municipality_id: int, identity_number: str) -> int | None:
    """The id of the municipality's customer with that identity number, as
    a person writes it (YYYYMMDD-NNNN or YYMMDD-NNNN), if any; a
    ValidationError for a number that cannot be one. For staff who link a
    record to a customer (a complaint): only the id, nothing is shown, so
    nothing is logged. The caller has checked the user's role there."""
    number = normalize_identity_number(identity_number, today=timezone.localdate())
    customers = Customer.objects.filter(
        municipality=municipality_id, identity_number=number, erased_on__isnull=True
    )
    return customers.values_list("pk", flat=True).first()


def customer_for_page(*, user, pk: int) -> Customer:
    """The customer the customer's page shows; 404 for what scoping hides.
    Logged as "customer page"."""
    customer = get_object_or_404(officer_customers(user=user), pk=pk)
    return customer_read(user=user, customer=customer, what="customer page")


def customer_for_api(*, user, pk: int) -> Customer:
    """The customer `GET /api/v1/customers/{id}/` returns; 404 for what
    scoping hides. Logged as "api"."""
    customer = get_object_or_404(officer_customers(user=user), pk=pk)
    return customer_read(user=user, customer=customer, what="api")


def decisions_of(*, customer: Customer) -> list[NeedDecision]:
    """The customer's need decisions with their interventions, choices and
    the events of both, as the customer's page lists them. Part of that
    page, whose read customer_for_page has logged."""
    return list(
        customer.decisions.select_related("service").prefetch_related(
            "interventions", "events__by", "choices__provider", "choices__events__by"
        )
    )
