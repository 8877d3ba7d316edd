"""The set-based split of a month's visits into band segments, in SQL.

The timelines of the tariffs involved come in as arrays
(vouchers.settlement.index). In one scan of the month's visits, each visit
finds its timeline by subscript (from its service, category and start
hour), its first and last piece by binary search (width_bucket over the
pieces' keys), and the seconds of its head (its part in the first piece)
and of its tail (its part in the last piece, if that is another). The
visits are then summed per provider, service, first and last piece: a few
thousand groups, aggregated in parallel workers. No joins, and never a
query per visit (issue 6, item 8).

Python spreads each group over its pieces: the head to the first, the tail
to the last, and every piece between wholly covered, whose seconds and
amount are the same for each visit. Rounding as vouchers.settlement.pricing:
each segment (a visit's part in one piece) is rounded half up to the öre,
head and tail in SQL, whole pieces once in Python.

A visit counts +1 in the month that pays it (`settle_month`) and -1 in the
month it is paid back (`cancelled_month`, approved visits only): two
queries of the same shape.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from django.db import connection, transaction

from providers.models import Provider, ProviderKind
from vouchers.calendar import local
from vouchers.settlement.index import TIMELINE_KEY, Pieces, timeline_index
from vouchers.settlement.pricing import timezone_day

PAID = {"month_column": "settle_month", "approved_only": "", "sign": 1}
PAID_BACK = {
    "month_column": "cancelled_month",
    "approved_only": "AND v.approved_at IS NOT NULL",  # only what was paid
    "sign": -1,
}

VISITS_SQL = """
WITH visit AS (
    SELECT v.id, v.provider_id, v.service_id, v.starts_at, v.ends_at,
           v.approved_at IS NOT NULL AS approved,
           v.starts_at < %(month_start)s OR {sign} < 0 AS correction,
           -- The timeline of the tariff valid at the start, for the category.
           (%(hour_timeline)s::int[])[
               ((array_position(%(service_ids)s::int[], v.service_id) - 1) * 2
                + (v.category = 'service')::int) * %(hour_count)s
               + floor(date_part('epoch', v.starts_at) / 3600)::int
               - %(first_hour)s + 1]::bigint * %(timeline_key)s AS timeline_key
      FROM vouchers_visit v
     WHERE v.municipality_id = %(municipality)s AND v.{month_column} = %(month)s
       {approved_only}
       AND (%(all_providers)s OR v.provider_id = ANY(%(providers)s))
       -- Only what the timelines were built for: a visit saved, or a service
       -- created, while the run is under way waits for the next run.
       AND v.starts_at >= %(span_start)s AND v.starts_at < %(span_end)s
       AND v.service_id = ANY(%(service_ids)s::int[])
), visit_pieces AS (
    -- A piece's key is its timeline's number x 10^12 + its start in epoch
    -- seconds; the keys are sorted, so width_bucket finds the piece number.
    SELECT visit.*,
           width_bucket(timeline_key + floor(date_part('epoch', starts_at))::bigint,
                        %(piece_key)s::bigint[]) AS first_piece,
           width_bucket(timeline_key + ceil(date_part('epoch', ends_at))::bigint - 1,
                        %(piece_key)s::bigint[]) AS last_piece
      FROM visit
), segment AS (
    -- Truncated to whole seconds, as vouchers.settlement.timeline.split does.
    SELECT visit_pieces.*,
           floor(date_part('epoch',
                 least(ends_at, (%(piece_ends)s::timestamptz[])[first_piece])
                 - starts_at))::bigint AS head,
           CASE WHEN last_piece = first_piece THEN 0
                ELSE floor(date_part('epoch', ends_at
                     - (%(piece_starts)s::timestamptz[])[last_piece]))::bigint
           END AS tail
      FROM visit_pieces
)
"""

# PostgreSQL would sort the month by an index to group it; hashing in each
# parallel worker is several times faster. JIT compiles longer than it runs.
PLAN_SETTINGS = """
SET LOCAL enable_sort = off; SET LOCAL enable_incremental_sort = off;
SET LOCAL jit = off; SET LOCAL parallel_setup_cost = 0
"""

# Amounts in whole öre: integer arithmetic is exact, and fast. Both provider
# kinds', so no join to the providers is needed. Where a piece has no rate
# (NO_RATE) the sums mean nothing and Python ignores them.
TOTALS_SQL = """
SELECT provider_id, service_id, first_piece, last_piece, approved, correction,
       count(*), sum(head), sum(tail),
       sum(((%(piece_municipal)s::bigint[])[first_piece] * head + 1800) / 3600),
       sum(((%(piece_private)s::bigint[])[first_piece] * head + 1800) / 3600),
       sum(((%(piece_municipal)s::bigint[])[last_piece] * tail + 1800) / 3600),
       sum(((%(piece_private)s::bigint[])[last_piece] * tail + 1800) / 3600)
  FROM segment
 GROUP BY provider_id, service_id, first_piece, last_piece, approved, correction
"""

# The approved visits with a piece in first..last that pays the provider's
# kind nothing: unpaid_before[n] counts such pieces before piece n.
UNPAID_SQL = """
SELECT id, starts_at, ends_at, first_piece, last_piece FROM visit_pieces
 WHERE approved
   AND (%(unpaid_before)s::int[])[last_piece + 1]
       > (%(unpaid_before)s::int[])[first_piece]
 ORDER BY starts_at, id
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


@dataclass
class _Sum:
    seconds: int = 0
    visits: int = 0
    ore: int | None = 0


def month_totals(
    *, municipality_id: int, month: date, provider_ids: list[int] | None = None
) -> list[Total]:
    """The month's visits summed per provider, service, band, correction and
    approval."""
    index, groups = _run(TOTALS_SQL, municipality_id, month, provider_ids)
    if index is None:
        return []
    pieces = Pieces(index)
    kinds = dict(
        Provider.objects.filter(pk__in={g[1][0] for g in groups}).values_list(
            "pk", "kind"
        )
    )
    sums: dict[tuple, _Sum] = defaultdict(_Sum)
    for sign, row in groups:
        provider_id, service_id, _first, _last, approved, correction = row[:6]
        private = kinds[provider_id] != ProviderKind.MUNICIPAL
        for piece, seconds, visits, ore in _spread(pieces, row, private):
            band = pieces.band(piece)
            key = (provider_id, service_id, band, approved, approved and correction)
            total = sums[key]
            total.seconds += sign * seconds
            total.visits += sign * visits
            paid = approved and pieces.rate(piece, private) is not None
            total.ore = total.ore + sign * ore if paid else None
    return [
        _total(pieces, key, total, kinds[key[0]] != ProviderKind.MUNICIPAL)
        for key, total in sums.items()
    ]


def _spread(pieces: "Pieces", row, private: bool):
    """(piece, seconds, visits, öre) for each piece of a group of visits that
    share their first and last piece."""
    first, last, count, head, tail = row[2], row[3], row[6], row[7], row[8]
    if first is None:
        raise RuntimeError("A visit lies outside the timelines built for it.")
    head_ore, tail_ore = (row[10], row[12]) if private else (row[9], row[11])
    yield first, head, count, pieces.segment_ore(first, private, head_ore, count)
    for middle in range(first + 1, last):
        seconds = pieces.seconds_in(middle)
        whole = pieces.amount(middle, private, seconds)
        yield middle, seconds * count, count, count * whole
    if last != first:
        yield last, tail, count, pieces.segment_ore(last, private, tail_ore, count)


def _total(pieces: "Pieces", key, total: _Sum, private: bool) -> Total:
    provider_id, service_id, band, approved, correction = key
    piece = pieces.of_band(band)
    return Total(
        provider_id,
        service_id,
        pieces.tariff(piece),
        band,
        pieces.unit(piece),
        _sek(pieces.rate(piece, private)),
        correction,
        approved,
        total.seconds,
        total.visits,
        _sek(total.ore),
    )


def _sek(ore: int | None) -> Decimal | None:
    return None if ore is None else Decimal(ore) / 100


def unpaid_visits(*, municipality_id: int, month: date, provider_id: int):
    """The approved visits of one provider with time no band pays:
    (visit id, starts_at, ends_at, unpaid seconds), for the finance officer."""
    kind = Provider.objects.values_list("kind", flat=True).get(pk=provider_id)
    private = kind != ProviderKind.MUNICIPAL

    def extra(index):
        return {"unpaid_before": Pieces(index).unpaid_before(private)}

    index, rows = _run(
        UNPAID_SQL, municipality_id, month, [provider_id], extra, parts=[PAID]
    )
    if index is None:
        return []
    pieces = Pieces(index)
    listed = []
    for _sign, (visit_id, starts_at, ends_at, first, last) in rows:
        seconds = sum(
            pieces.seconds_in(number, starts_at, ends_at)
            for number in range(first, last + 1)
            if pieces.rate(number, private) is None
        )
        listed.append((visit_id, starts_at, ends_at, seconds))
    return listed


def _run(
    final_sql: str,
    municipality_id: int,
    month: date,
    provider_ids,
    extra=None,
    parts=(PAID, PAID_BACK),
):
    """The timeline index (with `extra(index)` added for the SQL) and
    (sign, row) for each row of the final SQL over the month's visits paid,
    then those paid back."""
    params = {
        "municipality": municipality_id,
        "month": month,
        "month_start": local(month, time()),
        "providers": list(provider_ids or []),
        "all_providers": not provider_ids,
        "timeline_key": TIMELINE_KEY,
    }
    rows = []
    with transaction.atomic(), connection.cursor() as cursor:
        span = _visit_span(cursor, params)
        if span is None:
            return None, []
        params["span_start"] = local(span[0], time())
        params["span_end"] = local(span[1] + timedelta(days=1), time())
        index = timeline_index(
            municipality_id=municipality_id, first=span[0], last=span[1]
        )
        if extra:
            index = index | extra(index)
        cursor.execute(PLAN_SETTINGS)
        for part in parts:
            cursor.execute(VISITS_SQL.format(**part) + final_sql, params | index)
            rows.extend((part["sign"], row) for row in cursor.fetchall())
    return index, rows


SPAN_SQL = """
SELECT min(starts_at), max(starts_at) FROM vouchers_visit
 WHERE municipality_id = %(municipality)s AND {month_column} = %(month)s
   AND (%(all_providers)s OR provider_id = ANY(%(providers)s))
"""


def _visit_span(cursor, params) -> tuple[date, date] | None:
    """The first and last (local) start day of the visits to settle. Paid
    and paid back apart, so each reads two ends of an index, not the month."""
    starts = []
    for part in (PAID, PAID_BACK):
        cursor.execute(SPAN_SQL.format(**part), params)
        starts.extend(start for start in cursor.fetchone() if start is not None)
    if not starts:
        return None
    return timezone_day(min(starts)), timezone_day(max(starts))
