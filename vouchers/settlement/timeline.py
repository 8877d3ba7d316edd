"""Which band every instant of a period belongs to, for one tariff and one
intervention category: a sorted list of disjoint pieces covering the period,
gaps included (band None: time no band pays). Built in Python from the
tariff's windows, public holidays and major-holiday rules; pricing
(vouchers.settlement.pricing) and the settlement SQL only intersect visits
with it.

Precedence where windows overlap: a band's major-holiday windows first,
then the band with the lowest position (then the lowest id)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from vouchers.calendar import is_public_holiday, local, major_holiday_windows
from vouchers.models.rates import HOLIDAY, Unit

UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class WindowSpec:
    days: frozenset[int]
    starts_at: time
    ends_at: time


@dataclass(frozen=True)
class BandSpec:
    id: int
    name: str
    position: int
    unit: str
    category: str
    major_holidays: bool
    windows: tuple[WindowSpec, ...]


@dataclass(frozen=True)
class TariffSpec:
    """A tariff as plain data, so timelines are built without queries."""

    id: int
    bands: tuple[BandSpec, ...]
    major_holiday_rules: tuple[tuple[str, time, time], ...]

    def bands_for(self, category: str) -> list[BandSpec]:
        """The timed bands for a category: its own bands if it has any
        (Nacka's service interventions), else the bands by time of day."""
        timed = [band for band in self.bands if band.unit != Unit.MONTH]
        own = [band for band in timed if band.category == category]
        return own or [band for band in timed if not band.category]


@dataclass(frozen=True)
class Piece:
    starts_at: datetime
    ends_at: datetime
    band_id: int | None


def day_code(day: date) -> int:
    return HOLIDAY if is_public_holiday(day) else day.weekday()


def _window_intervals(band: BandSpec, first: date, last: date):
    # From the day before: a window running past midnight reaches `first`.
    day = first - timedelta(days=1)
    while day <= last:
        code = day_code(day)
        for window in band.windows:
            if code in window.days:
                overnight = window.ends_at <= window.starts_at
                end_day = day + timedelta(days=1) if overnight else day
                yield local(day, window.starts_at), local(end_day, window.ends_at)
        day += timedelta(days=1)


def _candidates(spec: TariffSpec, category: str, first: date, last: date):
    """(precedence, start, end, band id) of every window touching the days."""
    bands = spec.bands_for(category)
    majors = major_holiday_windows(spec.major_holiday_rules, first, last)
    for band in bands:
        rank = (band.position, band.id)
        if band.major_holidays:
            for start, end in majors:
                yield (0, *rank), start, end, band.id
        for start, end in _window_intervals(band, first, last):
            yield (1, *rank), start, end, band.id


def build_timeline(
    spec: TariffSpec, category: str, first: date, last: date
) -> list[Piece]:
    """The pieces covering the days `first`..`last` (local midnight to
    midnight), in UTC."""
    period_start = local(first, time()).astimezone(UTC)
    period_end = local(last + timedelta(days=1), time()).astimezone(UTC)
    candidates = [
        (
            rank,
            max(start.astimezone(UTC), period_start),
            min(end.astimezone(UTC), period_end),
            band,
        )
        for rank, start, end, band in _candidates(spec, category, first, last)
    ]
    candidates = [c for c in candidates if c[1] < c[2]]
    cuts = sorted(
        {period_start, period_end}
        | {c[1] for c in candidates}
        | {c[2] for c in candidates}
    )
    pieces: list[Piece] = []
    for start, end in pairwise(cuts):
        covering = [c for c in candidates if c[1] <= start and c[2] >= end]
        band = min(covering)[3] if covering else None
        if pieces and pieces[-1].band_id == band:
            pieces[-1] = Piece(pieces[-1].starts_at, end, band)
        else:
            pieces.append(Piece(start, end, band))
    return pieces


def split(
    pieces: list[Piece], starts_at: datetime, ends_at: datetime
) -> list[tuple[int | None, int]]:
    """The segments of [starts_at, ends_at): (band id or None, seconds) for
    each piece it touches, in time order. Adjacent pieces never share a
    band, so each segment is a contiguous part of the visit in one band."""
    # In UTC: Python subtracts two datetimes of one zone by wall clock, which
    # would make a visit across a daylight-saving change an hour off.
    starts_at, ends_at = starts_at.astimezone(UTC), ends_at.astimezone(UTC)
    return [
        (
            piece.band_id,
            int(
                (
                    min(ends_at, piece.ends_at) - max(starts_at, piece.starts_at)
                ).total_seconds()
            ),
        )
        for piece in pieces
        if piece.starts_at < ends_at and starts_at < piece.ends_at
    ]
