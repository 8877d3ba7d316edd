"""The timelines a month's settlement needs, as arrays for the settlement
SQL (vouchers.segments): the pieces of each tariff; for each service and
UTC hour, the tariff valid that day and its pieces touching the hour (where
a visit starting then finds its tariff and first piece); and for each
tariff and hour, its pieces (where a visit ending then finds its last).

Arrays, not temporary tables, so PostgreSQL may still run the query in
parallel. Tariff 0 is "no tariff": one piece in no band, so the time of a
service without a valid tariff is listed as unpaid instead of lost."""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from kundval.models import Service
from vouchers.calendar import STOCKHOLM, local
from vouchers.models import Tariff
from vouchers.pricing import tariff_spec
from vouchers.timeline import UTC, Piece, build_timeline

CATEGORIES = ("personal_care", "service")
HOUR = timedelta(hours=1)
NO_TARIFF = 0

HourIndex = dict[datetime, list[tuple[int, datetime, datetime]]]


class TimelineIndex:
    """Column arrays, one list per column, for unnest() in the SQL."""

    def __init__(self) -> None:
        self.columns: dict[str, list] = defaultdict(list)

    def add(self, table: str, **row) -> None:
        for column, value in row.items():
            self.columns[f"{table}_{column}"].append(value)


def timeline_index(*, municipality_id: int, first: date, last: date) -> TimelineIndex:
    """What visits starting on `first`..`last` need (they may end a day later)."""
    index = TimelineIndex()
    end = last + timedelta(days=1)
    tariffs = list(
        Tariff.objects.filter(
            service__municipality_id=municipality_id, valid_from__lte=last
        ).exclude(valid_to__lt=first)
    )
    hours: dict[tuple[int, str], HourIndex] = {}
    whole_span = Piece(local(first, time()), local(end, time()) + 2 * HOUR * 12, None)
    for category in CATEGORIES:
        hours[(NO_TARIFF, category)] = _add_pieces(
            index, NO_TARIFF, category, [whole_span]
        )
        for tariff in tariffs:
            pieces = build_timeline(tariff_spec(tariff), category, first, end)
            hours[(tariff.pk, category)] = _add_pieces(
                index, tariff.pk, category, pieces
            )
    services = Service.objects.filter(municipality_id=municipality_id)
    for service_id in services.values_list("pk", flat=True):
        valid = [t for t in tariffs if t.service_id == service_id]
        _add_start_hours(index, service_id, valid, hours, first, last)
    return index


def _add_pieces(index, tariff_id: int, category: str, pieces: list[Piece]) -> HourIndex:
    """Add a timeline's pieces and end-hour rows; return its hour index."""
    by_hour: HourIndex = defaultdict(list)
    for ordinal, piece in enumerate(pieces):
        index.add(
            "piece",
            tariff=tariff_id,
            category=category,
            ordinal=ordinal,
            starts=piece.starts_at,
            ends=piece.ends_at,
            band=piece.band_id,
        )
        for hour in _hours(piece):
            by_hour[hour].append((ordinal, piece.starts_at, piece.ends_at))
            index.add(
                "end",
                tariff=tariff_id,
                category=category,
                hour=hour,
                ordinal=ordinal,
                starts=piece.starts_at,
                ends=piece.ends_at,
            )
    return by_hour


def _add_start_hours(index, service_id, tariffs, hours, first: date, last: date):
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
            for ordinal, starts, ends in hours[(tariff_id, category)][hour]:
                index.add(
                    "start",
                    service=service_id,
                    category=category,
                    hour=hour,
                    tariff=tariff_id,
                    ordinal=ordinal,
                    starts=starts,
                    ends=ends,
                )
        hour += HOUR


def _hours(piece: Piece):
    hour = piece.starts_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    while hour < piece.ends_at:
        yield hour
        hour += HOUR
