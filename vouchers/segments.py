"""The set-based split of a month's visits into band segments, in SQL.

The timelines of the tariffs involved (vouchers.timeline) go into two
temporary tables: the pieces, numbered in order per tariff and category,
and an index from every UTC hour to the pieces that touch it. A visit finds
the piece holding its start and the one holding its end by equality joins
on the hour; most visits lie in one piece and are priced at once, and only
those that cross a boundary are joined to the pieces between. So a month of
visits is one pass with hash joins, never a query per visit (issue 6, item 8).

Each visit counts +1 in the month that pays it (`settle_month`) and -1 in
the month it is paid back (`cancelled_month`). Rounding as vouchers.pricing:
a visit's time in one band is one segment, rounded half up to the öre.
"""

from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db import connection
from psycopg2.extras import execute_values

from vouchers.calendar import local
from vouchers.models import Tariff
from vouchers.pricing import tariff_spec, timezone_day
from vouchers.timeline import UTC, Piece, build_timeline

CATEGORIES = ("personal_care", "service")
HOUR = timedelta(hours=1)

# The visits of the month, each with its sign, its tariff and whether it
# corrects an earlier month; the pieces of its start and its end (equality
# joins on the hour); then one row per piece it touches (a visit inside one
# piece gives one row), priced.
VISITS_SQL = """
WITH raw AS (
    SELECT v.id, v.provider_id, v.service_id, v.category, v.starts_at, v.ends_at,
           v.approved_at IS NOT NULL AS approved, 1 AS sign,
           v.starts_at < %(month_start)s AS correction
      FROM vouchers_visit v
     WHERE v.municipality_id = %(municipality)s AND v.settle_month = %(month)s
       AND (%(all_providers)s OR v.provider_id = ANY(%(providers)s))
    UNION ALL
    SELECT v.id, v.provider_id, v.service_id, v.category, v.starts_at, v.ends_at,
           v.approved_at IS NOT NULL, -1, TRUE
      FROM vouchers_visit v
     WHERE v.municipality_id = %(municipality)s AND v.cancelled_month = %(month)s
       AND (%(all_providers)s OR v.provider_id = ANY(%(providers)s))
), tariffed AS (
    -- Tariff 0 is "no tariff": one piece in no band, so such time is unpaid.
    SELECT raw.*, p.kind, coalesce(t.tariff_id, 0) AS tariff_id
      FROM raw
      JOIN providers_provider p ON p.id = raw.provider_id
      LEFT JOIN vouchers_tmp_tariff t ON t.service_id = raw.service_id
       AND (raw.starts_at AT TIME ZONE 'Europe/Stockholm')::date <@ t.valid
), visit AS (
    SELECT v.*, ps.ordinal AS first_piece, pe.ordinal AS last_piece
      FROM tariffed v
      JOIN vouchers_tmp_hour hs ON hs.tariff_id = v.tariff_id
       AND hs.category = v.category AND hs.hour = date_trunc('hour', v.starts_at)
      JOIN vouchers_tmp_piece ps ON ps.tariff_id = v.tariff_id
       AND ps.category = v.category AND ps.ordinal = hs.ordinal
       AND ps.starts_at <= v.starts_at AND v.starts_at < ps.ends_at
      JOIN vouchers_tmp_hour he ON he.tariff_id = v.tariff_id
       AND he.category = v.category
       AND he.hour = date_trunc('hour', v.ends_at - interval '1 microsecond')
      JOIN vouchers_tmp_piece pe ON pe.tariff_id = v.tariff_id
       AND pe.category = v.category AND pe.ordinal = he.ordinal
       AND pe.starts_at < v.ends_at AND v.ends_at <= pe.ends_at
), segment AS (
    SELECT visit.*, px.band_id,
           extract(epoch FROM least(visit.ends_at, px.ends_at)
                            - greatest(visit.starts_at, px.starts_at)) AS seconds
      FROM visit
     CROSS JOIN LATERAL generate_series(visit.first_piece, visit.last_piece) o
      JOIN vouchers_tmp_piece px ON px.tariff_id = visit.tariff_id
       AND px.category = visit.category AND px.ordinal = o
), priced AS (
    SELECT segment.*, b.unit, r.amount AS rate,
           CASE WHEN r.amount IS NULL THEN NULL
                WHEN b.unit = 'visit' THEN r.amount
                ELSE round(r.amount * segment.seconds / 3600, 2) END AS amount
      FROM segment
      LEFT JOIN vouchers_timeband b ON b.id = segment.band_id
      LEFT JOIN vouchers_rate r ON r.band_id = segment.band_id
       AND r.provider_kind = segment.kind
)
"""


# Per provider, tariff and band: what the settlement lines are made of.
TOTALS_SQL = """
SELECT provider_id, service_id, tariff_id, band_id, unit, rate, correction,
       approved, sum(sign * seconds)::bigint, sum(sign), sum(sign * amount)
  FROM priced
 GROUP BY provider_id, service_id, tariff_id, band_id, unit, rate, correction,
          approved
"""

UNPAID_SQL = """
SELECT id, starts_at, ends_at, sum(seconds)::bigint FROM priced
 WHERE approved AND sign = 1 AND amount IS NULL
 GROUP BY id, starts_at, ends_at ORDER BY starts_at, id
"""


@dataclass(frozen=True)
class Total:
    provider_id: int
    service_id: int
    tariff_id: int
    band_id: int | None
    unit: str | None
    rate: object
    correction: bool
    approved: bool
    seconds: int
    visits: int
    amount: object


def month_totals(
    *, municipality_id: int, month: date, provider_ids: list[int] | None = None
) -> list[Total]:
    """The month's visits summed per provider, service, band, correction and
    approval, in one query (after the timelines are loaded)."""
    params = _params(municipality_id, month, provider_ids)
    with connection.cursor() as cursor:
        if not _load_timelines(cursor, params):
            return []
        cursor.execute(VISITS_SQL + TOTALS_SQL, params)
        return [Total(*row) for row in cursor.fetchall()]


def unpaid_visits(*, municipality_id: int, month: date, provider_id: int):
    """The approved visits of one provider with time no band pays:
    (visit id, starts_at, ends_at, unpaid seconds), for the finance officer."""
    params = _params(municipality_id, month, [provider_id])
    with connection.cursor() as cursor:
        if not _load_timelines(cursor, params):
            return []
        cursor.execute(VISITS_SQL + UNPAID_SQL, params)
        return cursor.fetchall()


def _params(municipality_id, month, provider_ids) -> dict:
    return {
        "municipality": municipality_id,
        "month": month,
        "month_start": local(month, time()),
        "providers": list(provider_ids or []),
        "all_providers": not provider_ids,
    }


def _load_timelines(cursor, params) -> bool:
    """Fill the temporary tables for the tariffs the month's visits need;
    False if there are no visits."""
    span = _visit_span(cursor, params)
    if span is None:
        return False
    first, last = span
    tariffs = list(
        Tariff.objects.filter(
            service__municipality_id=params["municipality"], valid_from__lte=last
        )
        .exclude(valid_to__lt=first)
        .select_related("service")
    )
    _create_tables(cursor)
    pieces, hours, valid = [], [], []
    for tariff in tariffs:
        spec = tariff_spec(tariff)
        start = max(first, tariff.valid_from)
        # A visit that starts on the tariff's last day may end the day after.
        end = (
            last
            if tariff.valid_to is None
            else min(last, tariff.valid_to + timedelta(days=1))
        )
        valid.append((tariff.pk, tariff.service_id, tariff.valid_from, tariff.valid_to))
        for category in CATEGORIES:
            timeline = build_timeline(spec, category, start, end)
            for ordinal, piece in enumerate(timeline):
                pieces.append(
                    (
                        tariff.pk,
                        category,
                        ordinal,
                        piece.starts_at,
                        piece.ends_at,
                        piece.band_id,
                    )
                )
                hours.extend(
                    (tariff.pk, category, hour, ordinal) for hour in _hours(piece)
                )
    no_tariff = Piece(
        local(first, time()), local(last + timedelta(days=2), time()), None
    )
    for category in CATEGORIES:
        pieces.append((0, category, 0, no_tariff.starts_at, no_tariff.ends_at, None))
        hours.extend((0, category, hour, 0) for hour in _hours(no_tariff))
    _insert_timelines(cursor, valid, pieces, hours)
    cursor.execute(
        "ANALYZE vouchers_tmp_piece; ANALYZE vouchers_tmp_hour; "
        "ANALYZE vouchers_tmp_tariff"
    )
    return True


def _visit_span(cursor, params) -> tuple[date, date] | None:
    cursor.execute(
        """SELECT min(starts_at), max(ends_at) FROM vouchers_visit
             WHERE municipality_id = %(municipality)s
               AND (settle_month = %(month)s OR cancelled_month = %(month)s)
               AND (%(all_providers)s OR provider_id = ANY(%(providers)s))""",
        params,
    )
    first, last = cursor.fetchone()
    if first is None:
        return None
    return timezone_day(first), timezone_day(last)


def _hours(piece):
    hour = piece.starts_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    while hour < piece.ends_at:
        yield hour
        hour += HOUR


def _create_tables(cursor) -> None:
    cursor.execute(
        """
        DROP TABLE IF EXISTS vouchers_tmp_tariff, vouchers_tmp_piece, vouchers_tmp_hour;
        CREATE TEMPORARY TABLE vouchers_tmp_tariff (
            tariff_id int, service_id int, valid daterange);
        CREATE TEMPORARY TABLE vouchers_tmp_piece (
            tariff_id int, category text, ordinal int,
            starts_at timestamptz, ends_at timestamptz, band_id int,
            PRIMARY KEY (tariff_id, category, ordinal));
        CREATE TEMPORARY TABLE vouchers_tmp_hour (
            tariff_id int, category text, hour timestamptz, ordinal int);
        """
    )


def _insert_timelines(cursor, valid: list, pieces: list, hours: list) -> None:
    raw = cursor.cursor
    execute_values(
        raw,
        "INSERT INTO vouchers_tmp_tariff VALUES %s",
        valid,
        "(%s, %s, daterange(%s, %s, '[]'))",
    )
    execute_values(
        raw, "INSERT INTO vouchers_tmp_piece VALUES %s", pieces, page_size=2000
    )
    execute_values(
        raw, "INSERT INTO vouchers_tmp_hour VALUES %s", hours, page_size=2000
    )
