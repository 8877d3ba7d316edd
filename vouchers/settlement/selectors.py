"""Reads of settlements for the pages: a month's settlements and its latest
job, one settlement as its statement shows it, and what the finance officer
reviews (the statement, the approved visits with time no band pays, the
history); and a month's settlements for the finance systems' API. A user's
settlements are read through kundval.scoping.visible, so one of another
municipality or provider is not there (None); the month's are those of a
municipality the caller has checked the user may see.

The unpaid visits are customers' data, though the page shows no names: the
selector that reads them writes their access-log rows."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from kundval.models import Job, Role
from kundval.scoping import visible
from kundval.services import access_log_record_many
from vouchers.models import (
    LineKind,
    Settlement,
    SettlementEvent,
    SettlementLine,
    Visit,
)
from vouchers.settlement.jobs import settlement_job_latest
from vouchers.settlement.segments import unpaid_visits

# (visit id, starts_at, ends_at, unpaid seconds)
UnpaidVisit = tuple[int, datetime, datetime, int]


@dataclass(frozen=True)
class MonthSettlements:
    job: Job | None
    settlements: list[Settlement]


@dataclass(frozen=True)
class Statement:
    """One settlement with its band and correction lines, then its
    supplements."""

    settlement: Settlement
    lines: list[SettlementLine]
    supplements: list[SettlementLine]


@dataclass(frozen=True)
class Review:
    """What the finance officer checks before approving a settlement."""

    statement: Statement
    unpaid: list[UnpaidVisit]
    events: QuerySet[SettlementEvent]


def month_settlements(*, municipality_id: int, month: date) -> MonthSettlements:
    """The month's settlements of a municipality, with their providers, and
    the month's latest job. The caller checks the user may see the
    municipality."""
    settlements = Settlement.objects.filter(
        municipality_id=municipality_id, month=month
    ).select_related("provider")
    return MonthSettlements(
        job=settlement_job_latest(municipality_id=municipality_id, month=month),
        settlements=list(settlements),
    )


def settlements_of(*, user, role: str) -> QuerySet[Settlement]:
    """The settlements `user` sees in `role`, with municipality and provider."""
    settlements = visible(Settlement.objects.all(), user, role)
    return settlements.select_related("municipality", "provider")


def settlements_for_api(
    *, user, municipality_id: int, month: date
) -> QuerySet[Settlement]:
    """The month's settlements of a municipality that the finance officer
    sees, with their lines, by the provider's organisation number: what
    `GET /api/v1/settlements/` returns."""
    settlements = settlements_of(user=user, role=Role.FINANCE_OFFICER).filter(
        municipality_id=municipality_id, month=month
    )
    return settlements.prefetch_related("lines").order_by(
        "provider__organisation_number"
    )


def settlement_of(*, user, role: str, pk: int) -> Settlement | None:
    try:
        return settlements_of(user=user, role=role).get(pk=pk)
    except Settlement.DoesNotExist:
        return None


def settlement_statement(*, user, role: str, pk: int) -> Statement | None:
    settlement = settlement_of(user=user, role=role, pk=pk)
    if settlement is None:
        return None
    lines = list(settlement.lines.all())
    return Statement(
        settlement=settlement,
        lines=[line for line in lines if line.kind != LineKind.SUPPLEMENT],
        supplements=[line for line in lines if line.kind == LineKind.SUPPLEMENT],
    )


def settlement_for_review(*, user, role: str, pk: int) -> Review | None:
    statement = settlement_statement(user=user, role=role, pk=pk)
    if statement is None:
        return None
    settlement = statement.settlement
    return Review(
        statement=statement,
        unpaid=settlement_unpaid_visits(user=user, settlement=settlement),
        events=settlement.events.select_related("by"),
    )


def settlement_unpaid_visits(*, user, settlement: Settlement) -> list[UnpaidVisit]:
    """The approved visits with time no band pays; their customers' reads
    by `user` are logged, though no name is shown."""
    rows = unpaid_visits(
        municipality_id=settlement.municipality_id,
        month=settlement.month,
        provider_id=settlement.provider_id,
    )
    visits = Visit.objects.filter(pk__in=[row[0] for row in rows])
    access_log_record_many(
        user=user,
        customers=[v.customer for v in visits.select_related("customer")],
        what=f"settlement unpaid time {settlement.month:%Y-%m}",
    )
    return rows
