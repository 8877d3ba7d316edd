"""Pricing a visit: its time is split at band boundaries
(vouchers.settlement.timeline) and each band's part is priced with the rate
for the provider's kind.

The rounding rule: a segment is a contiguous part of a visit in one band;
an hourly segment pays rate x seconds / 3600 rounded half up to the öre, a
per-visit segment pays the rate once. Time in no band, or in a band without
a rate for the provider's kind, is not paid. A settlement line is the sum of its
segments, so hours x rate may differ from it by under one öre per visit.
The settlement SQL (vouchers.settlement.segments) applies the same rule."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from vouchers.calendar import STOCKHOLM
from vouchers.models import BandWindow, MajorHolidayRule, Rate, Tariff, Unit
from vouchers.settlement.timeline import (
    BandSpec,
    Piece,
    TariffSpec,
    WindowSpec,
    build_timeline,
    split,
)

ORE = Decimal("0.01")
HOUR = Decimal(3600)


@dataclass(frozen=True)
class Segment:
    band_id: int | None
    seconds: int
    amount: Decimal


def segment_amount(unit: str, rate: Decimal, seconds: int) -> Decimal:
    if unit == Unit.VISIT:
        return rate
    return (rate * seconds / HOUR).quantize(ORE, rounding=ROUND_HALF_UP)


def tariff_spec(tariff: Tariff) -> TariffSpec:
    """Load a tariff's bands and windows and its municipality's major-holiday
    rules as plain data (three queries)."""
    windows: dict[int, list[WindowSpec]] = {}
    for window in BandWindow.objects.filter(band__tariff=tariff):
        windows.setdefault(window.band_id, []).append(
            WindowSpec(frozenset(window.days), window.starts_at, window.ends_at)
        )
    bands = tuple(
        BandSpec(
            id=band.pk,
            name=band.name,
            position=band.position,
            unit=band.unit,
            category=band.category,
            major_holidays=band.major_holidays,
            windows=tuple(windows.get(band.pk, ())),
        )
        for band in tariff.bands.all()
    )
    rules = tuple(
        MajorHolidayRule.objects.filter(
            municipality_id=tariff.service.municipality_id
        ).values_list("holiday", "starts_at", "ends_at")
    )
    return TariffSpec(id=tariff.pk, bands=bands, major_holiday_rules=rules)


def rates_of(tariff: Tariff, provider_kind: str) -> dict[int, Decimal]:
    return dict(
        Rate.objects.filter(
            band__tariff=tariff, provider_kind=provider_kind
        ).values_list("band_id", "amount")
    )


def tariff_valid_on(service_id: int, day: date) -> Tariff | None:
    return (
        Tariff.objects.filter(service_id=service_id, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .first()
    )


def price_segments(
    spec: TariffSpec,
    rates: dict[int, Decimal],
    pieces: list[Piece],
    starts_at: datetime,
    ends_at: datetime,
) -> list[Segment]:
    """The segments of one visit against a timeline that covers it."""
    units = {band.id: band.unit for band in spec.bands}
    segments = []
    for band_id, seconds in split(pieces, starts_at, ends_at):
        if band_id is None or band_id not in rates:
            segments.append(Segment(None, seconds, Decimal("0.00")))
        else:
            amount = segment_amount(units[band_id], rates[band_id], seconds)
            segments.append(Segment(band_id, seconds, amount))
    return segments


def visit_price(
    spec: TariffSpec,
    rates: dict[int, Decimal],
    category: str,
    starts_at: datetime,
    ends_at: datetime,
) -> list[Segment]:
    """Price one visit with a tariff: for a form's preview and for tests; a
    month is priced in SQL."""
    first = timezone_day(starts_at)
    pieces = build_timeline(spec, category, first, timezone_day(ends_at))
    return price_segments(spec, rates, pieces, starts_at, ends_at)


def timezone_day(moment: datetime) -> date:
    return moment.astimezone(STOCKHOLM).date()


def paid_total(segments: list[Segment]) -> Decimal:
    return sum((segment.amount for segment in segments), Decimal("0.00"))
