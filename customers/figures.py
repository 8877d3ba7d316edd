"""Figures of choice for one service (issue 5 item 8): how many customers
each provider has on a day and how many of them did not choose, and the
switches per month by reason, the kind of table Trosa shows its politicians
("Natur Design 48 kunder, Trosa Allservice 18, Trosa Hempartner 5").

Aggregate reads only, a handful of queries whatever the number of customers.
They name no customer, so they write no access-log rows. The caller passes a
service the user may see: `figure_services` gives those."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Q, QuerySet, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from authorization.selectors import authorizations_in_force
from customers.models import LIVE_STATUSES, Choice, SwitchReason
from kundval.models import Role, Service, ServiceKind
from kundval.scoping import visible
from providers.models import Provider, ProviderKind

FIGURE_ROLES = (
    Role.CASE_OFFICER,
    Role.QUALITY_OFFICER,
    Role.ADMINISTRATOR,
    Role.FINANCE_OFFICER,
)
MONTHS = 12
_REASONS = SwitchReason.values


@dataclass(frozen=True)
class ProviderFigures:
    name: str
    kind: str
    kind_label: str
    customers: int
    non_choices: int
    share: Decimal | None  # of all the service's customers, in percent


@dataclass(frozen=True)
class SwitchMonth:
    month: date  # its first day
    counts: list[int]  # in the order of ChoiceFigures.reasons
    total: int


@dataclass(frozen=True)
class ChoiceFigures:
    service: Service
    day: date
    providers: list[ProviderFigures]
    customers: int
    non_choices: int
    non_choice_share: Decimal | None
    reasons: list[str]  # the labels of SwitchReason, in its order
    months: list[SwitchMonth]  # oldest first, the day's month last
    reason_totals: list[int]
    switches: int


def figure_services(user) -> QuerySet[Service]:
    """The services whose figures the user may see; in each municipality
    home care first, where most customers choose, so it is the default."""
    home_care_first = Case(When(kind=ServiceKind.HOME_CARE, then=0), default=1)
    return (
        visible(Service.objects.all(), user, *FIGURE_ROLES)
        .select_related("municipality")
        .order_by("municipality__name", home_care_first, "name")
    )


def active_on(day: date) -> Q:
    """Choices that give the customer a provider on `day` itself: live, begun
    and not ended (unlike selectors.live_on, which includes later starts)."""
    return Q(status__in=LIVE_STATUSES, starts_on__lte=day) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def choice_figures(*, service: Service, day: date | None = None) -> ChoiceFigures:
    day = day or timezone.localdate()
    active = Choice.objects.filter(active_on(day), decision__service=service)
    counts = {
        "customers": Count("decision__customer", distinct=True),
        "non_choices": Count(
            "decision__customer", filter=Q(non_choice=True), distinct=True
        ),
    }
    # Distinct customers over the service: one with two decisions of it is
    # counted once in the total, even if two providers serve them.
    totals = active.aggregate(**counts)
    months = _switch_months(service, day)
    reason_totals = [sum(m.counts[i] for m in months) for i in range(len(_REASONS))]
    return ChoiceFigures(
        service=service,
        day=day,
        providers=_provider_rows(service, day, active, counts, totals["customers"]),
        customers=totals["customers"],
        non_choices=totals["non_choices"],
        non_choice_share=percent(totals["non_choices"], totals["customers"]),
        reasons=[label for _value, label in SwitchReason.choices],
        months=months,
        reason_totals=reason_totals,
        switches=sum(reason_totals),
    )


def _provider_rows(service, day, active, counts, total) -> list[ProviderFigures]:
    """Every provider with customers on the day, and every provider
    authorized for the service that day (with none, it shows as 0)."""
    per_provider = {
        row["provider"]: row
        for row in active.order_by().values("provider").annotate(**counts)
    }
    authorized = authorizations_in_force(on=day).filter(service=service)
    providers = Provider.objects.filter(
        Q(pk__in=authorized.values("provider")) | Q(pk__in=list(per_provider))
    ).values_list("pk", "name", "kind")
    rows = []
    for pk, name, kind in providers:
        found = per_provider.get(pk, {"customers": 0, "non_choices": 0})
        rows.append(
            ProviderFigures(
                name=name,
                kind=kind,
                kind_label=ProviderKind(kind).label,
                customers=found["customers"],
                non_choices=found["non_choices"],
                share=percent(found["customers"], total),
            )
        )
    return sorted(rows, key=lambda row: (-row.customers, row.name))


def _switch_months(service: Service, day: date) -> list[SwitchMonth]:
    """Switches (choices with a reason for the switch) by the month they
    start, the MONTHS months up to and including `day`. A withdrawn or a
    declined switch never happened: after a decline the customer stays with
    the provider they meant to leave."""
    first = _months_before(day.replace(day=1), MONTHS - 1)
    rows = (
        Choice.objects.filter(
            decision__service=service, starts_on__gte=first, starts_on__lte=day
        )
        .exclude(switch_reason="")
        .filter(status__in=LIVE_STATUSES)
        .annotate(month=TruncMonth("starts_on"))
        .order_by()
        .values("month", "switch_reason")
        .annotate(n=Count("pk"))
    )
    found = {(row["month"], row["switch_reason"]): row["n"] for row in rows}
    months = []
    for back in range(MONTHS - 1, -1, -1):
        month = _months_before(day.replace(day=1), back)
        counts = [found.get((month, reason), 0) for reason in _REASONS]
        months.append(SwitchMonth(month=month, counts=counts, total=sum(counts)))
    return months


def _months_before(first_of_month: date, back: int) -> date:
    """The first day of the month `back` months before."""
    for _step in range(back):
        first_of_month = (first_of_month - timedelta(days=1)).replace(day=1)
    return first_of_month
