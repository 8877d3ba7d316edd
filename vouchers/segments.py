"""The set-based split of a month's visits into band segments, in SQL.

The timelines of the tariffs involved come in as arrays (vouchers.
timeline_index). A visit finds its tariff and first piece, and its last
piece, by equality joins on the UTC hour of its start and of its end; then
it is joined to each piece from the first to the last (one for most
visits). So a month is one pass with hash joins, never a query per visit
(issue 6, item 8).

Each visit counts +1 in the month that pays it (`settle_month`) and -1 in
the month it is paid back (`cancelled_month`). Rounding as vouchers.pricing:
each segment (a visit's part in one piece) rounded half up to the öre.
"""

from dataclasses import dataclass
from datetime import date, time

from django.db import connection, transaction

from vouchers.calendar import local
from vouchers.pricing import timezone_day
from vouchers.timeline_index import timeline_index

VISITS_SQL = """
WITH piece AS (
    SELECT * FROM unnest(%(piece_tariff)s::int[], %(piece_category)s::text[],
                         %(piece_ordinal)s::int[], %(piece_starts)s::timestamptz[],
                         %(piece_ends)s::timestamptz[], %(piece_band)s::int[])
        AS p(tariff_id, category, ordinal, starts_at, ends_at, band_id)
), start_hour AS (
    SELECT * FROM unnest(%(start_service)s::int[], %(start_category)s::text[],
                         %(start_hour)s::timestamptz[], %(start_tariff)s::int[],
                         %(start_ordinal)s::int[], %(start_starts)s::timestamptz[],
                         %(start_ends)s::timestamptz[])
        AS h(service_id, category, hour, tariff_id, ordinal, starts_at, ends_at)
), end_hour AS (
    SELECT * FROM unnest(%(end_tariff)s::int[], %(end_category)s::text[],
                         %(end_hour)s::timestamptz[], %(end_ordinal)s::int[],
                         %(end_starts)s::timestamptz[], %(end_ends)s::timestamptz[])
        AS h(tariff_id, category, hour, ordinal, starts_at, ends_at)
), raw AS (
    SELECT v.id, v.provider_id, v.service_id, v.category::text AS category,
           v.starts_at, v.ends_at, v.approved_at IS NOT NULL AS approved, 1 AS sign,
           v.starts_at < %(month_start)s AS correction
      FROM vouchers_visit v
     WHERE v.municipality_id = %(municipality)s AND v.settle_month = %(month)s
       AND (%(all_providers)s OR v.provider_id = ANY(%(providers)s))
    UNION ALL
    SELECT v.id, v.provider_id, v.service_id, v.category::text, v.starts_at,
           v.ends_at, v.approved_at IS NOT NULL, -1, TRUE
      FROM vouchers_visit v
     WHERE v.municipality_id = %(municipality)s AND v.cancelled_month = %(month)s
       AND (%(all_providers)s OR v.provider_id = ANY(%(providers)s))
), visit AS (
    SELECT raw.*, hs.tariff_id, hs.ordinal AS first_piece, he.ordinal AS last_piece
      FROM raw
      JOIN start_hour hs ON hs.service_id = raw.service_id
       AND hs.category = raw.category AND hs.hour = date_trunc('hour', raw.starts_at)
       AND hs.starts_at <= raw.starts_at AND raw.starts_at < hs.ends_at
      JOIN end_hour he ON he.tariff_id = hs.tariff_id AND he.category = raw.category
       AND he.hour = date_trunc('hour', raw.ends_at - interval '1 microsecond')
       AND he.starts_at < raw.ends_at AND raw.ends_at <= he.ends_at
), segment AS (
    SELECT visit.*, px.band_id,
           extract(epoch FROM least(visit.ends_at, px.ends_at)
                            - greatest(visit.starts_at, px.starts_at)) AS seconds
      FROM visit
     CROSS JOIN LATERAL generate_series(visit.first_piece, visit.last_piece) o
      JOIN piece px ON px.tariff_id = visit.tariff_id
       AND px.category = visit.category AND px.ordinal = o
), priced AS (
    SELECT segment.*, b.unit, r.amount AS rate,
           CASE WHEN r.amount IS NULL THEN NULL
                WHEN b.unit = 'visit' THEN r.amount
                ELSE round(r.amount * segment.seconds / 3600, 2) END AS amount
      FROM segment
      JOIN providers_provider p ON p.id = segment.provider_id
      LEFT JOIN vouchers_timeband b ON b.id = segment.band_id
      LEFT JOIN vouchers_rate r ON r.band_id = segment.band_id
       AND r.provider_kind = p.kind
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
    approval, in one query."""
    rows = _run(TOTALS_SQL, municipality_id, month, provider_ids)
    return [Total(*row) for row in rows]


def unpaid_visits(*, municipality_id: int, month: date, provider_id: int):
    """The approved visits of one provider with time no band pays:
    (visit id, starts_at, ends_at, unpaid seconds), for the finance officer."""
    return _run(UNPAID_SQL, municipality_id, month, [provider_id])


def _run(final_sql: str, municipality_id: int, month: date, provider_ids) -> list:
    params = {
        "municipality": municipality_id,
        "month": month,
        "month_start": local(month, time()),
        "providers": list(provider_ids or []),
        "all_providers": not provider_ids,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        span = _visit_span(cursor, params)
        if span is None:
            return []
        index = timeline_index(
            municipality_id=municipality_id, first=span[0], last=span[1]
        )
        # Join in the order written: the planner cannot tell how many rows
        # the unnested timelines give, and, reordering, joined the hour
        # tables to each other first (millions of rows for a few visits).
        cursor.execute("SET LOCAL join_collapse_limit = 1")
        cursor.execute("SET LOCAL from_collapse_limit = 1")
        cursor.execute(VISITS_SQL + final_sql, params | index.columns)
        return cursor.fetchall()


def _visit_span(cursor, params) -> tuple[date, date] | None:
    """The first and last (local) start day of the visits to settle."""
    cursor.execute(
        """SELECT min(starts_at), max(starts_at) FROM vouchers_visit
             WHERE municipality_id = %(municipality)s
               AND (settle_month = %(month)s OR cancelled_month = %(month)s)
               AND (%(all_providers)s OR provider_id = ANY(%(providers)s))""",
        params,
    )
    first, last = cursor.fetchone()
    if first is None:
        return None
    return timezone_day(first), timezone_day(last)
