"""Reads of customers' fees: the month's statements and the fee basis."""

from datetime import date, timedelta

from django.db.models import QuerySet

from kundval.models import Role
from kundval.scoping import visible
from vouchers.models import FeeBasis, FeeStatement


def fee_statements_of(*, user, municipality_id: int, month: date) -> QuerySet:
    """The month's statements of a municipality the finance officer sees,
    largest fee first."""
    statements = visible(FeeStatement.objects.all(), user, Role.FINANCE_OFFICER)
    return (
        statements.filter(customer__municipality_id=municipality_id, month=month)
        .select_related("customer__municipality")
        .order_by("-fee", "customer__name", "customer_id")
    )


def fee_basis_on(*, customer_id: int, day: date) -> FeeBasis | None:
    """The customer's fee basis valid on `day`, if any."""
    return (
        FeeBasis.objects.filter(customer_id=customer_id, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )


def months_back(month: date, back: int) -> date:
    """The first day of the month `back` months before `month`."""
    first = month.replace(day=1)
    for _step in range(back):
        first = (first - timedelta(days=1)).replace(day=1)
    return first
