"""The finance officer's reads of tariffs and of the municipality's rules:
the services and tariffs of their municipalities, what a tariff's page
shows, a band, a supplement, the major-holiday rules and their windows, and
the lock day; and what a tariff pays for a visit, as its page previews it.
Another municipality's are not there (404, kundval.scoping)."""

from datetime import date, datetime
from decimal import Decimal
from typing import TypedDict

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kundval.models import Role, Service
from kundval.scoping import visible
from vouchers.calendar import major_holiday_windows
from vouchers.models import (
    MajorHolidayRule,
    SettlementTerms,
    Supplement,
    Tariff,
    TimeBand,
)
from vouchers.rate_display import KINDS, window_label
from vouchers.settlement.pricing import paid_total, rates_of, tariff_spec, visit_price

FINANCE = Role.FINANCE_OFFICER


def services_of(*, user) -> QuerySet[Service]:
    """The services of the finance officer's municipalities: those a tariff
    may be made for."""
    return visible(Service.objects.all(), user, FINANCE)


def services_with_tariffs(*, user) -> QuerySet[Service]:
    """services_of with their municipalities and tariffs: the tariff list."""
    services = services_of(user=user).select_related("municipality")
    return services.prefetch_related("tariffs")


def tariffs_of(*, user) -> QuerySet[Tariff]:
    """The tariffs of the finance officer's municipalities, with service and
    municipality."""
    tariffs = visible(Tariff.objects.all(), user, FINANCE)
    return tariffs.select_related("service__municipality")


def tariff_of(*, user, pk: int) -> Tariff:
    """One of tariffs_of; 404 for what scoping hides."""
    return get_object_or_404(tariffs_of(user=user), pk=pk)


def band_of(*, user, pk: int) -> TimeBand:
    """A band of a tariff of the finance officer's municipalities, with its
    tariff and service; 404 for any other."""
    bands = visible(TimeBand.objects.all(), user, FINANCE)
    return get_object_or_404(bands.select_related("tariff__service"), pk=pk)


def supplement_of(*, user, pk: int) -> Supplement:
    """A supplement of one of tariffs_of, with its tariff and service; 404
    for any other."""
    supplements = Supplement.objects.filter(tariff__in=tariffs_of(user=user))
    return get_object_or_404(supplements.select_related("tariff__service"), pk=pk)


class TariffParts(TypedDict):
    rows: list[dict]
    supplements: QuerySet[Supplement]
    holiday_windows: list[tuple]


def tariff_parts(*, tariff: Tariff, year: int) -> TariffParts:
    """What the tariff's page shows of it: its bands as rows (band_rows),
    its supplements, and its municipality's major holidays in `year`."""
    municipality_id = tariff.service.municipality_id
    return TariffParts(
        rows=band_rows(tariff=tariff),
        supplements=tariff.supplements.all(),
        holiday_windows=holiday_windows(municipality_id=municipality_id, year=year),
    )


def band_rows(*, tariff: Tariff) -> list[dict]:
    """The tariff's bands as the municipalities' tables show them: each
    band's windows as labels and its rates, the municipal rate first."""
    rows = []
    for band in tariff.bands.prefetch_related("windows", "rates"):
        amounts = {rate.provider_kind: rate.amount for rate in band.rates.all()}
        rows.append(
            {
                "band": band,
                "windows": [window_label(window) for window in band.windows.all()],
                "rates": [amounts.get(kind) for kind, _label in KINDS],
            }
        )
    return rows


class TariffPreview(TypedDict):
    rows: list[dict]
    total: Decimal
    outside: bool


def tariff_preview(
    *,
    tariff: Tariff,
    starts_at: datetime,
    ends_at: datetime,
    category: str,
    provider_kind: str,
) -> TariffPreview:
    """The band, hours, rate and amount of each part of a visit the tariff
    prices for a provider of `provider_kind`, the total, and whether the
    visit's day is outside the tariff's period: how the officer checks it."""
    spec = tariff_spec(tariff)
    rates = rates_of(tariff, provider_kind)
    segments = visit_price(spec, rates, category, starts_at, ends_at)
    names = {band.id: band.name for band in spec.bands}
    day = timezone.localtime(starts_at).date()
    return TariffPreview(
        rows=[
            {
                "band": names.get(segment.band_id),
                "hours": (Decimal(segment.seconds) / 3600).quantize(Decimal("0.01")),
                "rate": rates.get(segment.band_id),
                "amount": segment.amount,
            }
            for segment in segments
        ],
        total=paid_total(segments),
        outside=day < tariff.valid_from
        or (tariff.valid_to is not None and day > tariff.valid_to),
    )


def major_holiday_rules_of(*, municipality_id: int) -> QuerySet[MajorHolidayRule]:
    """The municipality's major-holiday rules. The caller has checked the
    user may see the municipality."""
    return MajorHolidayRule.objects.filter(municipality_id=municipality_id)


def holiday_windows(*, municipality_id: int, year: int) -> list[tuple]:
    """(label, start, end) of the municipality's major holidays touching
    `year`, in time order."""
    rows = []
    for rule in major_holiday_rules_of(municipality_id=municipality_id):
        spec = [(rule.holiday, rule.starts_at, rule.ends_at)]
        for start, end in major_holiday_windows(
            spec, date(year, 1, 1), date(year, 12, 31)
        ):
            rows.append((rule.get_holiday_display(), start, end))
    return sorted(rows, key=lambda row: row[1])


def settlement_terms_of(*, municipality_id: int) -> SettlementTerms | None:
    """The municipality's settlement terms (its lock day), if set. The
    caller has checked the user may see the municipality."""
    terms = SettlementTerms.objects.filter(municipality_id=municipality_id)
    return terms.first()
