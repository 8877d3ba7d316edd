"""Reads of customers' fees: the month's statements, one customer's
statement with its PDF, and the fee basis. The finance officer sees the
customers of their municipalities (kundval.scoping); a read that shows a
customer writes its access-log rows here."""

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from customers.selectors import customer_read, customers_by_id
from kundval.models import Role
from kundval.scoping import visible
from kundval.services import access_log_record_many
from vouchers.models import FeeBasis, FeeStatement

if TYPE_CHECKING:  # a type only: vouchers reads customers through its selectors
    from customers.models import Customer


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


def fee_statement_page(
    *, user, municipality_id: int, month: date, page_number: str | None, per_page: int
) -> Page:
    """A page of the month's statements (fee_statements_of). Logs each
    customer on the page, and only those, as "fee statements YYYY-MM"."""
    statements = fee_statements_of(
        user=user, municipality_id=municipality_id, month=month
    )
    page = Paginator(statements, per_page).get_page(page_number)
    access_log_record_many(
        user=user,
        customers=[s.customer for s in page.object_list],
        what=f"fee statements {month:%Y-%m}",
    )
    return page


def customer_for_fee_page(*, user, pk: int, month: date) -> "Customer":
    """The customer whose fee statement page is shown; 404 for what scoping
    hides. Logged as "fee YYYY-MM"."""
    customer = _finance_customer(user, pk)
    return customer_read(user=user, customer=customer, what=f"fee {month:%Y-%m}")


class FeeHistory(TypedDict):
    statement: FeeStatement | None
    basis: FeeBasis | None
    bases: QuerySet[FeeBasis]
    statements: QuerySet[FeeStatement]


def fee_history(*, customer: "Customer", month: date) -> FeeHistory:
    """The month's statement, the fee basis valid then, and the customer's
    last twelve bases and statements. Part of the fee statement page, whose
    read customer_for_fee_page has logged."""
    return FeeHistory(
        statement=FeeStatement.objects.filter(customer=customer, month=month).first(),
        basis=fee_basis_on(customer_id=customer.pk, day=month),
        bases=customer.fee_bases.all()[:12],
        statements=customer.fee_statements.all()[:12],
    )


def fee_statement_for_pdf(*, user, customer_id: int, month: date) -> FeeStatement:
    """The customer's statement of the month, with the customer, for the
    PDF; 404 for what scoping hides and for a month without a statement.
    Logged as "fee PDF YYYY-MM"."""
    customer = _finance_customer(user, customer_id)
    statement = get_object_or_404(FeeStatement, customer=customer, month=month)
    statement.customer = customer_read(
        user=user, customer=customer, what=f"fee PDF {month:%Y-%m}"
    )
    return statement


def _finance_customer(user, pk: int) -> "Customer":
    customers = visible(customers_by_id(), user, Role.FINANCE_OFFICER)
    return get_object_or_404(customers.select_related("municipality"), pk=pk)
