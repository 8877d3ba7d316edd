"""The timelines a month's settlement needs, as arrays for the settlement
SQL (vouchers.settlement.segments), which reads them by subscript, with no
joins, and Pieces, which reads them back in Python:

- pieces: every piece of every timeline (one per tariff and category),
  numbered 1.. across all of them, with its band, whether it pays per
  visit, and its rate per provider kind in öre;
- piece keys: each piece's timeline number x TIMELINE_KEY + its start in
  epoch seconds, sorted, so the SQL finds a moment's piece by binary search
  (width_bucket);
- timelines: each timeline's tariff;
- hours: for each service, category and UTC hour of the span, the timeline
  of the tariff valid on that (local) day, which prices a visit starting in
  that hour. Its index: (the service's place in service_ids x 2 +
  category) x hours + hour + 1.

Sentinels instead of NULL (band 0, rate -1): an array without NULLs of a
fixed-width type is read by subscript in constant time. Arrays, not
temporary tables, so PostgreSQL may run the query in parallel. Tariff 0 is
"no tariff": one piece in no band, so the time of a service without a
valid tariff is listed as unpaid, never lost."""

from collections import defaultdict
from datetime import date, time, timedelta

from kundval.models import Service
from providers.models import ProviderKind
from vouchers.calendar import STOCKHOLM, local
from vouchers.models import Rate, Tariff, Unit
from vouchers.settlement.pricing import tariff_spec
from vouchers.settlement.timeline import UTC, Piece, build_timeline

CATEGORIES = ("personal_care", "service")
HOUR = timedelta(hours=1)
NO_TARIFF = 0
NO_BAND = 0
NO_RATE = -1
# A piece's key: its timeline's number x TIMELINE_KEY + its start in epoch
# seconds. Keys sort by timeline, then time: one array to search them all.
TIMELINE_KEY = 10**12


def timeline_index(*, municipality_id: int, first: date, last: date) -> dict:
    """The SQL parameters for visits starting on `first`..`last`."""
    columns: dict[str, list] = defaultdict(list)
    end = last + timedelta(days=1)  # a visit may end the day after it starts
    tariffs = list(
        Tariff.objects.filter(
            service__municipality_id=municipality_id, valid_from__lte=last
        ).exclude(valid_to__lt=first)
    )
    rates = _rates(tariffs)
    whole_span = [
        Piece(local(first, time()), local(end + timedelta(days=1), time()), None)
    ]
    timelines: dict[tuple[int, str], int] = {}
    for category in CATEGORIES:
        timelines[(NO_TARIFF, category)] = _add_timeline(
            columns, NO_TARIFF, whole_span, rates
        )
        for tariff in tariffs:
            pieces = build_timeline(tariff_spec(tariff), category, first, end)
            timelines[(tariff.pk, category)] = _add_timeline(
                columns, tariff.pk, pieces, rates
            )
    service_ids = list(
        Service.objects.filter(municipality_id=municipality_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    hours = _hours(first, last)
    columns["service_ids"] = service_ids
    columns["first_hour"] = int(hours[0].timestamp()) // 3600
    columns["hour_count"] = len(hours)
    for service_id in service_ids:
        valid = [t for t in tariffs if t.service_id == service_id]
        for category in CATEGORIES:
            columns["hour_timeline"].extend(
                timelines[(_tariff_on(valid, hour), category)] for hour in hours
            )
    return dict(columns)


def _rates(tariffs) -> dict[int, tuple[str, dict[str, object]]]:
    """Band id → (unit, {provider kind: amount})."""
    rates: dict[int, tuple[str, dict]] = {}
    for rate in Rate.objects.filter(band__tariff__in=tariffs).select_related("band"):
        _unit, amounts = rates.setdefault(rate.band_id, (rate.band.unit, {}))
        amounts[rate.provider_kind] = rate.amount
    return rates


def _add_timeline(columns, tariff_id: int, pieces, rates) -> int:
    """Append a timeline's pieces; returns its number (1..)."""
    columns["timeline_tariff"].append(tariff_id)
    number = len(columns["timeline_tariff"])
    for piece in pieces:
        columns["piece_key"].append(
            number * TIMELINE_KEY + int(piece.starts_at.timestamp())
        )
        unit, amounts = rates.get(piece.band_id, (None, {}))
        columns["piece_starts"].append(piece.starts_at)
        columns["piece_ends"].append(piece.ends_at)
        columns["piece_band"].append(piece.band_id or NO_BAND)
        columns["piece_per_visit"].append(unit == Unit.VISIT)
        columns["piece_municipal"].append(_ore(amounts.get(ProviderKind.MUNICIPAL)))
        columns["piece_private"].append(_ore(amounts.get(ProviderKind.PRIVATE)))
    return number


def _hours(first: date, last: date) -> list:
    """Every UTC hour from local midnight before `first` to local midnight
    after `last`: the hours a visit to settle may start in."""
    hour = local(first, time()).astimezone(UTC)
    stop = local(last + timedelta(days=1), time()).astimezone(UTC)
    hours = []
    while hour < stop:
        hours.append(hour)
        hour += HOUR
    return hours


def _tariff_on(tariffs, hour) -> int:
    """The tariff valid on the hour's (local) day."""
    day = hour.astimezone(STOCKHOLM).date()
    return next(
        (
            t.pk
            for t in tariffs
            if t.valid_from <= day and (t.valid_to is None or day <= t.valid_to)
        ),
        NO_TARIFF,
    )


def _ore(amount) -> int:
    """Rates have two decimals (the field says so): whole öre, exactly."""
    return NO_RATE if amount is None else int(amount * 100)


class Pieces:
    """Python's view of a timeline index (as the SQL read it), by piece
    number from 1."""

    def __init__(self, index: dict):
        self.index = index
        self.first_of_band: dict[int | None, int] = {}
        for number in range(len(index["piece_key"]), 0, -1):
            self.first_of_band[self.band(number)] = number

    def _column(self, name: str, number: int):
        return self.index[name][number - 1]

    def band(self, number: int) -> int | None:
        band = self._column("piece_band", number)
        return None if band == NO_BAND else band

    def of_band(self, band: int | None) -> int:
        return self.first_of_band[band]

    def tariff(self, number: int) -> int:
        timeline = self._column("piece_key", number) // TIMELINE_KEY
        return self.index["timeline_tariff"][timeline - 1]

    def unit(self, number: int) -> str | None:
        if self.band(number) is None:
            return None
        return Unit.VISIT if self._column("piece_per_visit", number) else Unit.HOUR

    def rate(self, number: int, private: bool) -> int | None:
        ore = self._column("piece_private" if private else "piece_municipal", number)
        return None if ore == NO_RATE else ore

    def seconds_in(self, number: int, starts_at=None, ends_at=None) -> int:
        """The whole seconds of the piece within [starts_at, ends_at), or of
        all of it, truncated as vouchers.settlement.timeline.split does."""
        start = self._column("piece_starts", number)
        end = self._column("piece_ends", number)
        start = max(start, starts_at) if starts_at else start
        end = min(end, ends_at) if ends_at else end
        return int((end - start).total_seconds())

    def amount(self, number: int, private: bool, seconds: int) -> int:
        """One segment's öre, as the SQL computes it."""
        rate = self.rate(number, private) or 0
        if self._column("piece_per_visit", number):
            return rate
        return (rate * seconds + 1800) // 3600

    def segment_ore(self, number: int, private: bool, summed: int, count: int):
        """The öre of `count` segments in a piece: per visit, the rate for
        each; per hour, what the SQL summed."""
        if self._column("piece_per_visit", number):
            return count * (self.rate(number, private) or 0)
        return summed

    def unpaid_before(self, private: bool) -> list[int]:
        """As the SQL reads it (from 1), unpaid_before[n] counts the pieces
        before piece n that have no rate for the kind; one entry more than
        there are pieces."""
        counts = [0]
        for number in range(1, len(self.index["piece_key"]) + 1):
            counts.append(counts[-1] + (self.rate(number, private) is None))
        return counts
