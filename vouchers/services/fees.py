"""Customer fees (issue 6 item 5, docs/domain.md §4): what each customer pays
for a month of help, and the income basis the cap is taken from.

A month's statements are computed set-based: one aggregate query of the
month's approved time per customer, one read of the fee bases, one read of
the statements already there, then one bulk upsert and one delete. Only rows
whose figures changed are written, so running a month twice changes nothing,
not even the time it was computed."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DurationField, ExpressionWrapper, F, Sum
from django.utils.translation import gettext as _

from kundval.models import Municipality, Role
from kundval.scoping import check_role
from vouchers.calendar import STOCKHOLM
from vouchers.models import FeeBasis, FeeSchedule, FeeStatement, MaximumFee, Visit

if TYPE_CHECKING:  # a type only: vouchers reads customers through its selectors
    from customers.models import Customer

ORE = Decimal("0.01")
HOUR = Decimal(3600)
FEE_BASIS_ROLES = (Role.CASE_OFFICER, Role.FINANCE_OFFICER)
# The figures of a statement; computed_at is left out so that an unchanged
# row is not rewritten.
FIGURES = ("hours", "hourly_fee", "fee_by_hours", "maximum_fee", "fee_room", "fee")


@dataclass(frozen=True)
class FeeTerms:
    """What every customer's fee in a month is computed with."""

    month: date
    hourly_fee: Decimal
    maximum_fee: Decimal


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, Stockholm time."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (
        datetime.combine(first, datetime.min.time(), tzinfo=STOCKHOLM),
        datetime.combine(following, datetime.min.time(), tzinfo=STOCKHOLM),
    )


def approved_visits_in(*, municipality_id: int, month: date, until: date | None = None):
    """Approved, not cancelled visits that start in the month (with `until`,
    in the months from `month` to `until`, both included), Stockholm time. A
    visit across midnight at the month's end belongs to the month it started
    in, as it does for the provider's pay."""
    start, end = month_bounds(month)
    if until is not None:
        end = month_bounds(until)[1]
    return Visit.objects.filter(
        municipality_id=municipality_id,
        approved_at__isnull=False,
        cancelled_month__isnull=True,
        starts_at__gte=start,
        starts_at__lt=end,
    )


DURATION = ExpressionWrapper(
    F("ends_at") - F("starts_at"), output_field=DurationField()
)


def seconds_of(duration: timedelta | None) -> Decimal:
    if duration is None:
        return Decimal(0)
    whole = duration.days * 86400 + duration.seconds
    return Decimal(whole) + Decimal(duration.microseconds) / 1_000_000


def fee_terms(*, municipality: Municipality, month: date) -> FeeTerms:
    """The hourly fee valid on the month's first day and the maximum fee of
    the month's year. Either missing is an error, never a guess: a fee with
    no legal cap, or a made-up hourly fee, must not reach a customer."""
    first = month.replace(day=1)
    maximum = MaximumFee.objects.filter(year=first.year).first()
    if maximum is None:
        raise ValidationError(
            _("No maximum fee is set for %(year)s. Add it before computing fees.")
            % {"year": first.year},
            code="no_maximum_fee",
        )
    schedule = (
        FeeSchedule.objects.filter(municipality=municipality, valid_from__lte=first)
        .order_by("-valid_from")
        .first()
    )
    if schedule is None:
        raise ValidationError(
            _("%(municipality)s has no fee per hour valid on %(day)s.")
            % {"municipality": municipality.name, "day": first.isoformat()},
            code="no_hourly_fee",
        )
    return FeeTerms(
        month=first, hourly_fee=schedule.hourly_fee, maximum_fee=maximum.monthly_amount
    )


def fee_rooms(customer_ids, on: date) -> dict[int, Decimal]:
    """Each customer's fee room from the basis valid on `on`, in one query
    (PostgreSQL's DISTINCT ON keeps the latest basis per customer)."""
    bases = (
        FeeBasis.objects.filter(customer__in=customer_ids, valid_from__lte=on)
        .order_by("customer_id", "-valid_from")
        .distinct("customer_id")
    )
    return {basis.customer_id: basis.fee_room for basis in bases}


def fee_statement_compute(
    *, customer_id: int, seconds: Decimal, terms: FeeTerms, fee_room: Decimal | None
) -> FeeStatement:
    """One customer's month: hours x the hourly fee, rounded half up to the
    öre once (the rule of vouchers.settlement.pricing), then the lowest of that, the
    maximum fee and the fee room. No basis: the maximum fee is the only cap."""
    fee_by_hours = (terms.hourly_fee * seconds / HOUR).quantize(ORE, ROUND_HALF_UP)
    caps = [fee_by_hours, terms.maximum_fee]
    if fee_room is not None:
        caps.append(fee_room)
    return FeeStatement(
        customer_id=customer_id,
        month=terms.month,
        hours=(seconds / HOUR).quantize(ORE, ROUND_HALF_UP),
        hourly_fee=terms.hourly_fee,
        fee_by_hours=fee_by_hours,
        maximum_fee=terms.maximum_fee,
        fee_room=fee_room,
        fee=min(caps),
    )


@transaction.atomic
def fee_statements_run(*, municipality: Municipality, month: date) -> int:
    """Compute (or compute again) every customer's fee statement for the
    month; returns how many customers have one.

    Time counts in the month the visit started (Stockholm time), not in its
    `settle_month`: a visit reported after its month locked is paid to the
    provider as a correction in a later month, but the customer received the
    help in the month it happened, and the maximum fee and fee room are per
    calendar month. Counting it later could charge two months' help under
    one month's cap. A late visit therefore changes its own month's
    statement when that month is run again.
    """
    terms = fee_terms(municipality=municipality, month=month)
    per_customer = dict(
        approved_visits_in(municipality_id=municipality.pk, month=terms.month)
        .order_by()
        .values("customer")
        .annotate(total=Sum(DURATION))
        .values_list("customer", "total")
    )
    rooms = fee_rooms(list(per_customer), terms.month)
    computed = [
        fee_statement_compute(
            customer_id=customer_id,
            seconds=seconds_of(total),
            terms=terms,
            fee_room=rooms.get(customer_id),
        )
        for customer_id, total in per_customer.items()
    ]
    _store(municipality, terms.month, computed)
    return len(computed)


def _store(municipality, month: date, computed: list[FeeStatement]) -> None:
    """Write the rows whose figures changed, in one upsert, and delete the
    statements of customers who no longer have approved time that month."""
    existing = {
        row[0]: row[1:]
        for row in FeeStatement.objects.filter(
            customer__municipality=municipality, month=month
        ).values_list("customer", *FIGURES)
    }
    changed = [
        row
        for row in computed
        if existing.get(row.customer_id) != tuple(getattr(row, f) for f in FIGURES)
    ]
    FeeStatement.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["customer", "month"],
        update_fields=[*FIGURES, "computed_at"],
    )
    stale = set(existing) - {row.customer_id for row in computed}
    if stale:
        FeeStatement.objects.filter(customer__in=stale, month=month).delete()


def fee_basis_save(
    *,
    user,
    customer: "Customer",
    valid_from: date,
    monthly_income: Decimal,
    reserved_amount: Decimal,
) -> FeeBasis:
    """Record a customer's income and reserved amount from a day (a second
    save for the same day corrects it). For a case or finance officer of the
    customer's municipality; the month's statement takes it up when the
    month is run again."""
    check_role(user, *FEE_BASIS_ROLES, municipality_id=customer.municipality_id)
    errors = {
        field: _("Give an amount of zero or more.")
        for field, amount in [
            ("monthly_income", monthly_income),
            ("reserved_amount", reserved_amount),
        ]
        if amount is None or amount < 0
    }
    if errors:
        raise ValidationError(errors)
    basis, _created = FeeBasis.objects.update_or_create(
        customer=customer,
        valid_from=valid_from,
        defaults={"monthly_income": monthly_income, "reserved_amount": reserved_amount},
    )
    return basis
