"""The timelines a month's settlement needs, as arrays for the settlement
SQL (vouchers.segments):

- pieces: every piece of every timeline (one per tariff and category),
  numbered 1.. across all of them, with its band and rate per provider kind;
- timelines: each timeline's first piece number, and the start of each of its
  pieces (the SQL finds a moment's piece by binary search, width_bucket);
- hours: for each service, category and UTC hour, the tariff valid on that
  (local) day, which prices a visit starting in that hour.

Arrays, not temporary tables, so PostgreSQL may run the query in parallel.
Tariff 0 is "no tariff": one piece in no band, so the time of a service
without a valid tariff is listed as unpaid, never lost."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ImproperlyConfigured

from kundval.models import Service
from providers.models import ProviderKind
from vouchers.calendar import STOCKHOLM, local
from vouchers.models import Rate, Tariff
from vouchers.models.visits import LONGEST_VISIT
from vouchers.pricing import tariff_spec
from vouchers.timeline import UTC, Piece, build_timeline

CATEGORIES = ("personal_care", "service")
HOUR = timedelta(hours=1)
NO_TARIFF = 0
# A piece's key: its timeline's number x TIMELINE_KEY + its start in epoch
# seconds. Keys sort by timeline, then time: one array to search them all.
TIMELINE_KEY = 10**12
# A visit lasts at most 24 hours; no timeline cuts a day into more pieces.
MAX_PIECES_PER_VISIT = 64


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
    for category in CATEGORIES:
        _add_timeline(columns, NO_TARIFF, category, whole_span, rates)
        for tariff in tariffs:
            pieces = build_timeline(tariff_spec(tariff), category, first, end)
            _add_timeline(columns, tariff.pk, category, pieces, rates)
    services = Service.objects.filter(municipality_id=municipality_id)
    for service_id in services.values_list("pk", flat=True):
        valid = [t for t in tariffs if t.service_id == service_id]
        _add_hours(columns, service_id, valid, first, last)
    del columns["timeline_of"]
    return dict(columns)


def hour_key(service_id: int, category: str, hour: datetime) -> int:
    """One integer for (service, category, UTC hour): the SQL joins on it
    alone, which PostgreSQL estimates far better than three columns."""
    category_code = CATEGORIES.index(category)
    return (service_id * 2 + category_code) * 10**7 + int(hour.timestamp()) // 3600


def _rates(tariffs) -> dict[int, tuple[str, dict[str, object]]]:
    """Band id → (unit, {provider kind: amount})."""
    rates: dict[int, tuple[str, dict]] = {}
    for rate in Rate.objects.filter(band__tariff__in=tariffs).select_related("band"):
        _unit, amounts = rates.setdefault(rate.band_id, (rate.band.unit, {}))
        amounts[rate.provider_kind] = rate.amount
    return rates


def _add_timeline(columns, tariff_id: int, category: str, pieces, rates) -> None:
    for before, after in zip(pieces, pieces[MAX_PIECES_PER_VISIT:], strict=False):
        if after.starts_at - before.ends_at < LONGEST_VISIT:
            raise ImproperlyConfigured("A tariff cuts a day into too many pieces.")
    number = len(columns["timeline_of"]) + 1
    columns["timeline_of"].append((tariff_id, category))
    for piece in pieces:
        columns["piece_key"].append(
            number * TIMELINE_KEY + int(piece.starts_at.timestamp())
        )
        unit, amounts = rates.get(piece.band_id, (None, {}))
        columns["piece_starts"].append(piece.starts_at)
        columns["piece_ends"].append(piece.ends_at)
        columns["piece_band"].append(piece.band_id)
        columns["piece_unit"].append(unit)
        columns["piece_municipal"].append(_ore(amounts.get(ProviderKind.MUNICIPAL)))
        columns["piece_private"].append(_ore(amounts.get(ProviderKind.PRIVATE)))


def _add_hours(columns, service_id: int, tariffs, first: date, last: date) -> None:
    """For each hour of the days, the tariff valid on its (local) day."""
    hour = local(first, time()).astimezone(UTC)
    stop = local(last + timedelta(days=1), time()).astimezone(UTC)
    while hour < stop:
        day = hour.astimezone(STOCKHOLM).date()
        tariff_id = next(
            (
                t.pk
                for t in tariffs
                if t.valid_from <= day and (t.valid_to is None or day <= t.valid_to)
            ),
            NO_TARIFF,
        )
        for category in CATEGORIES:
            timeline = columns["timeline_of"].index((tariff_id, category)) + 1
            columns["hour_timeline"].append(timeline)
            columns["hour_key"].append(hour_key(service_id, category, hour))
            columns["hour_tariff"].append(tariff_id)
        hour += HOUR


def _ore(amount) -> int | None:
    """Rates have two decimals (the field says so): whole öre, exactly."""
    return None if amount is None else int(amount * 100)
