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
from decimal import Decimal

from django.db import connection, transaction

from providers.models import Provider, ProviderKind
from vouchers.calendar import local
from vouchers.pricing import timezone_day
from vouchers.timeline_index import (
    MAX_PIECES_PER_VISIT,
    TIMELINE_KEY,
    timeline_index,
)

VISITS_SQL = """
WITH hour_timeline AS (
    -- Key: (service id x 2 + category) x 10^7 + the hour's number since 1970.
    SELECT * FROM unnest(%(hour_key)s::bigint[], %(hour_tariff)s::int[],
                         %(hour_timeline)s::bigint[])
        AS h(key, tariff_id, timeline)
), piece AS (
    SELECT * FROM unnest(%(piece_starts)s::timestamptz[],
                         %(piece_ends)s::timestamptz[], %(piece_band)s::int[],
                         %(piece_unit)s::text[], %(piece_municipal)s::bigint[],
                         %(piece_private)s::bigint[])
        WITH ORDINALITY
        AS p(starts_at, ends_at, band_id, unit, municipal, private, number)
), step AS (
    -- A visit over pieces f..l is joined to f + 0, ..., f + (l - f).
    SELECT span, offset_ FROM generate_series(0, %(max_span)s) span,
           generate_series(0, span) offset_
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
       AND v.approved_at IS NOT NULL  -- only what was paid is paid back
       AND (%(all_providers)s OR v.provider_id = ANY(%(providers)s))
), visit AS (
    -- A piece's key is its timeline's number x 10^12 + its start in epoch
    -- seconds; the keys are sorted, so width_bucket finds the piece number.
    SELECT raw.*, h.tariff_id,
           width_bucket(h.timeline * %(timeline_key)s
                        + floor(date_part('epoch', raw.starts_at))::bigint,
                        %(piece_key)s::bigint[]) AS first_piece,
           width_bucket(h.timeline * %(timeline_key)s
                        + ceil(date_part('epoch', raw.ends_at))::bigint - 1,
                        %(piece_key)s::bigint[]) AS last_piece
      FROM raw
      JOIN hour_timeline h ON h.key = (raw.service_id * 2
           + CASE raw.category WHEN 'service' THEN 1 ELSE 0 END) * 10000000
           + floor(date_part('epoch', raw.starts_at) / 3600)::bigint
), segment AS (
    SELECT visit.*, px.band_id, px.unit, px.municipal, px.private,
           date_part('epoch', least(visit.ends_at, px.ends_at)
                              - greatest(visit.starts_at, px.starts_at))::bigint
             AS seconds
      FROM visit
      JOIN step ON step.span = visit.last_piece - visit.first_piece
      JOIN piece px ON px.number = visit.first_piece + step.offset_
), priced AS (
    -- In whole öre and seconds: integer arithmetic is exact, and fast. Both
    -- provider kinds' amounts, so no join to the providers is needed here.
    SELECT segment.*,
           CASE WHEN unit = 'visit' THEN municipal
                ELSE (municipal * seconds + 1800) / 3600 END AS municipal_ore,
           CASE WHEN unit = 'visit' THEN private
                ELSE (private * seconds + 1800) / 3600 END AS private_ore
      FROM segment
)
"""

PLAN_SETTINGS = """
SET LOCAL join_collapse_limit = 1; SET LOCAL from_collapse_limit = 1;
SET LOCAL enable_mergejoin = off; SET LOCAL enable_nestloop = off;
SET LOCAL jit = off; SET LOCAL enable_sort = off;
SET LOCAL parallel_setup_cost = 0
"""

# Per provider, tariff and band: what the settlement lines are made of.
# Per provider, service and band: the approved time of the month, the
# approved corrections, and the time not approved. Few group keys, so that
# PostgreSQL aggregates in each parallel worker before gathering.
TOTALS_SQL = """
SELECT provider_id, service_id, band_id, max(tariff_id), max(unit), max(municipal),
       max(private),
       sum(sign * seconds) FILTER (WHERE approved AND NOT correction),
       sum(sign) FILTER (WHERE approved AND NOT correction),
       sum(sign * municipal_ore) FILTER (WHERE approved AND NOT correction),
       sum(sign * private_ore) FILTER (WHERE approved AND NOT correction),
       sum(sign * seconds) FILTER (WHERE approved AND correction),
       sum(sign) FILTER (WHERE approved AND correction),
       sum(sign * municipal_ore) FILTER (WHERE approved AND correction),
       sum(sign * private_ore) FILTER (WHERE approved AND correction),
       sum(sign * seconds) FILTER (WHERE NOT approved),
       sum(sign) FILTER (WHERE NOT approved)
  FROM priced
 GROUP BY provider_id, service_id, band_id
"""

UNPAID_SQL = """
SELECT id, starts_at, ends_at, sum(seconds)::bigint FROM priced
 WHERE approved AND sign = 1
   AND CASE %(kind)s WHEN 'municipal' THEN municipal ELSE private END IS NULL
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
    kinds = dict(
        Provider.objects.filter(pk__in={row[0] for row in rows}).values_list(
            "pk", "kind"
        )
    )
    totals = []
    for row in rows:
        provider_id, service_id, band_id, tariff_id, unit, municipal, private = row[:7]
        municipal_kind = kinds[provider_id] == ProviderKind.MUNICIPAL
        rate = municipal if municipal_kind else private
        classes = [
            (False, True, *row[7:11]),
            (True, True, *row[11:15]),
            (False, False, *row[15:17], None, None),
        ]
        for (
            correction,
            approved,
            seconds,
            visits,
            municipal_ore,
            private_ore,
        ) in classes:
            if seconds is None:
                continue
            amount = municipal_ore if municipal_kind else private_ore
            totals.append(
                Total(
                    provider_id,
                    service_id,
                    tariff_id,
                    band_id,
                    unit,
                    _sek(rate),
                    correction,
                    approved,
                    int(seconds),
                    int(visits),
                    _sek(amount),
                )
            )
    return totals


def _sek(ore: int | None) -> Decimal | None:
    return None if ore is None else Decimal(ore) / 100


def unpaid_visits(*, municipality_id: int, month: date, provider_id: int):
    """The approved visits of one provider with time no band pays:
    (visit id, starts_at, ends_at, unpaid seconds), for the finance officer."""
    kind = Provider.objects.values_list("kind", flat=True).get(pk=provider_id)
    return _run(UNPAID_SQL, municipality_id, month, [provider_id], kind=kind)


def _run(
    final_sql: str, municipality_id: int, month: date, provider_ids, kind=None
) -> list:
    params = {
        "kind": kind,
        "municipality": municipality_id,
        "month": month,
        "month_start": local(month, time()),
        "providers": list(provider_ids or []),
        "all_providers": not provider_ids,
        "max_span": MAX_PIECES_PER_VISIT,
        "timeline_key": TIMELINE_KEY,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        span = _visit_span(cursor, params)
        if span is None:
            return []
        index = timeline_index(
            municipality_id=municipality_id, first=span[0], last=span[1]
        )
        # Join in the order written, by hash: the planner cannot size the
        # unnested arrays, and when it reordered it joined them to each
        # other first, or looped, over millions of rows for a few visits.
        cursor.execute(PLAN_SETTINGS)
        cursor.execute(VISITS_SQL + final_sql, params | index)
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
