"""Granted against performed hours (issue 6 item 6, the figure most
municipalities don't have).

Granted hours come from the customer's decided need decision; a month's
share of them is prorated by the days of the month that both the decision
and the choice of the provider cover:

    granted = hours_per_month x covered days / days in the month,

summed over the customer's choices of that provider in the month and
rounded half up to two decimals once. A decision starting on the 16th of a
30-day month grants half its hours that month; a switch of provider on the
16th splits them between the two. Only choices the provider accepted count:
an order it never answered is not time it was to deliver.

Performed hours are the approved, not cancelled visits of that provider that
start in the month (Stockholm time), like the customer's fee. Two reads
(the choices, the visits summed per customer and provider) whatever the
number of customers."""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet, Sum
from django.shortcuts import get_object_or_404

from authorization.models import Authorization
from customers.selectors import customers_by_id, granting_choices
from kundval.models import Role
from kundval.services import access_log_record_many
from providers.models import Provider
from vouchers.services.fees import DURATION, HOUR, approved_visits_in, seconds_of

HUNDREDTH = Decimal("0.01")
GRANTED_ROLES = (Role.FINANCE_OFFICER, Role.CASE_OFFICER, Role.QUALITY_OFFICER)


@dataclass
class GrantedRow:
    """One customer's month with one provider in one service."""

    customer_id: int
    customer_name: str
    provider_id: int
    provider_name: str
    service_name: str
    granted: Decimal = Decimal(0)
    performed: Decimal = Decimal(0)

    @property
    def share(self) -> Decimal | None:
        return share_of(self.performed, self.granted)


@dataclass
class ProviderTotal:
    provider_id: int
    provider_name: str
    customers: int = 0
    granted: Decimal = Decimal(0)
    performed: Decimal = Decimal(0)

    @property
    def share(self) -> Decimal | None:
        return share_of(self.performed, self.granted)


@dataclass
class GrantedPerformed:
    month: date
    rows: list[GrantedRow] = field(default_factory=list)
    providers: list[ProviderTotal] = field(default_factory=list)


@dataclass
class GrantedCustomers:
    """One provider's month and the page of its customers shown."""

    figures: GrantedPerformed
    page: Page


def share_of(performed: Decimal, granted: Decimal) -> Decimal | None:
    """Performed as a percentage of granted, one decimal; none granted: None."""
    if not granted:
        return None
    return (Decimal(100) * performed / granted).quantize(Decimal("0.1"), ROUND_HALF_UP)


def covered_days(month: date, *periods: tuple[date, date | None]) -> int:
    """Days of the month inside every (start, end) period; no end: open."""
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    first = max([month, *(start for start, _end in periods)])
    until = min([last, *(end for _start, end in periods if end is not None)])
    return max((until - first).days + 1, 0)


def granted_vs_performed(
    *, municipality_id: int, month: date, provider_id: int | None = None
) -> GrantedPerformed:
    """Rows per customer, provider and service for the month, the customer
    with the least delivered share first, and totals per provider, the
    largest granted first. The caller checks the user may see the
    municipality."""
    month = month.replace(day=1)
    rows: dict[tuple, GrantedRow] = {}
    # Hours x days, exact; divided by the month's days once, so that the
    # sum of several choices is not rounded before the half-up rounding.
    hour_days: dict[tuple, Decimal] = {}
    for choice in _granting_choices(municipality_id, month, provider_id):
        key = (choice["customer"], choice["provider"], choice["service"])
        days = covered_days(
            month,
            (choice["starts_on"], choice["ends_on"]),
            (choice["decision__starts_on"], choice["decision__ends_on"]),
        )
        hour_days[key] = hour_days.get(key, 0) + choice["hours"] * days
        _row(rows, key, choice)
    in_month = calendar.monthrange(month.year, month.month)[1]
    for key, hours in hour_days.items():
        rows[key].granted = (hours / in_month).quantize(HUNDREDTH, ROUND_HALF_UP)
    for performed in _performed(municipality_id, month, provider_id):
        key = (performed["customer"], performed["provider"], performed["service"])
        row = _row(rows, key, performed)
        row.performed = (seconds_of(performed["total"]) / HOUR).quantize(
            HUNDREDTH, ROUND_HALF_UP
        )
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.share is None, r.share or 0, r.customer_name, r.customer_id),
    )
    return GrantedPerformed(month=month, rows=ordered, providers=_totals(ordered))


def _granting_choices(municipality_id, month, provider_id) -> QuerySet:
    """Accepted choices of decided (or since ended) decisions that overlap
    the month, with what proration needs: one query."""
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    choices = granting_choices(starts_by=last, lasts_until=month).filter(
        decision__customer__municipality_id=municipality_id
    )
    if provider_id is not None:
        choices = choices.filter(provider_id=provider_id)
    return choices.order_by().values(
        "provider",
        "starts_on",
        "ends_on",
        "decision__starts_on",
        "decision__ends_on",
        customer=F("decision__customer"),
        service=F("decision__service"),
        hours=F("decision__hours_per_month"),
        customer_name=F("decision__customer__name"),
        provider_name=F("provider__name"),
        service_name=F("decision__service__name"),
    )


def _performed(municipality_id, month, provider_id) -> QuerySet:
    """Approved hours per customer, provider and service: one aggregate."""
    visits = approved_visits_in(municipality_id=municipality_id, month=month)
    if provider_id is not None:
        visits = visits.filter(provider_id=provider_id)
    return (
        visits.order_by()
        .values("customer", "provider", "service")
        .annotate(
            total=Sum(DURATION),
            customer_name=F("customer__name"),
            provider_name=F("provider__name"),
            service_name=F("service__name"),
        )
    )


def _row(rows: dict, key: tuple, found: dict) -> GrantedRow:
    if key not in rows:
        rows[key] = GrantedRow(
            customer_id=key[0],
            customer_name=found["customer_name"],
            provider_id=key[1],
            provider_name=found["provider_name"],
            service_name=found["service_name"],
        )
    return rows[key]


def _totals(rows: list[GrantedRow]) -> list[ProviderTotal]:
    totals: dict[int, ProviderTotal] = {}
    customers: dict[int, set[int]] = {}
    for row in rows:
        total = totals.setdefault(
            row.provider_id, ProviderTotal(row.provider_id, row.provider_name)
        )
        total.granted += row.granted
        total.performed += row.performed
        customers.setdefault(row.provider_id, set()).add(row.customer_id)
    for provider_id, seen in customers.items():
        totals[provider_id].customers = len(seen)
    return sorted(totals.values(), key=lambda t: (-t.granted, t.provider_name))


def granted_provider(*, municipality_id: int, pk: int) -> Provider:
    """A provider authorized (ever, for any service) in the municipality,
    whose customers granted_customers_page lists; 404 for any other."""
    authorized = Authorization.objects.filter(service__municipality=municipality_id)
    providers = Provider.objects.filter(pk__in=authorized.values("provider"))
    return get_object_or_404(providers, pk=pk)


def granted_customers_page(
    *,
    user,
    municipality_id: int,
    month: date,
    provider_id: int,
    page_number: str | None,
    per_page: int,
) -> GrantedCustomers:
    """The provider's month (granted_vs_performed) and a page of its rows,
    the least delivered first. The caller checks the user may see the
    municipality. Logs each customer on the page, and only those, as
    "granted and performed YYYY-MM"."""
    figures = granted_vs_performed(
        municipality_id=municipality_id, month=month, provider_id=provider_id
    )
    page = Paginator(figures.rows, per_page).get_page(page_number)
    shown = (
        customers_by_id()
        .filter(pk__in=[row.customer_id for row in page.object_list])
        .select_related("municipality")
    )
    access_log_record_many(
        user=user, customers=shown, what=f"granted and performed {month:%Y-%m}"
    )
    return GrantedCustomers(figures=figures, page=page)
