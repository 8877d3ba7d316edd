"""Overlapping visits of one customer are flagged on both sides (issue 6
item 2), in one UPDATE for a whole batch: a window over each customer's
visits in time order finds them, so a 100 000-row import costs one pass,
not a query per visit. The flags are recomputed (set and cleared) around
the time that changed, so a removed or moved visit also clears its
neighbours' flags."""

from collections.abc import Iterable
from datetime import datetime

from django.db import connection

from vouchers.models import Visit
from vouchers.models.visits import LONGEST_VISIT

# A visit overlaps a visit before it (in start order) when the latest end
# before it is after its start, and one after it when the next start is
# before its end. Cancelled visits are not performed time: left out.
RECOMPUTE = """
WITH nearby AS (
    SELECT id, starts_at, ends_at,
        max(ends_at) OVER (
            PARTITION BY customer_id ORDER BY starts_at, id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS end_before,
        lead(starts_at) OVER (
            PARTITION BY customer_id ORDER BY starts_at, id
        ) AS next_start
    FROM {table}
    WHERE customer_id = ANY(%(customers)s)
      AND cancelled_month IS NULL
      AND starts_at >= %(seen_from)s AND starts_at <= %(seen_to)s
)
UPDATE {table} AS visit SET "overlaps" = flagged.flag
FROM (
    SELECT id, (coalesce(end_before > starts_at, false)
                OR coalesce(next_start < ends_at, false)) AS flag
    FROM nearby
    WHERE starts_at >= %(set_from)s AND starts_at <= %(set_to)s
) AS flagged
WHERE visit.id = flagged.id AND visit."overlaps" <> flagged.flag
"""


def overlaps_flag(
    *,
    visits: Iterable[Visit] = (),
    customer_ids: Iterable[int] = (),
    also: Iterable[tuple[datetime, datetime]] = (),
) -> int:
    """Recompute the overlap flags of the customers of `visits` (and
    `customer_ids`) around the visits' times and the spans in `also` (where
    a visit was before it moved or went); returns the rows changed."""
    visits = list(visits)
    customers = sorted({v.customer_id for v in visits} | set(customer_ids))
    spans = [(v.starts_at, v.ends_at) for v in visits] + list(also)
    if not customers or not spans:
        return 0
    low = min(start for start, _end in spans)
    high = max(end for _start, end in spans)
    # Any visit that overlaps a changed one starts within a day before it;
    # the visits it may overlap in turn within a day before that.
    params = {
        "customers": customers,
        "set_from": low - LONGEST_VISIT,
        "set_to": high,
        "seen_from": low - 2 * LONGEST_VISIT,
        "seen_to": high + LONGEST_VISIT,
    }
    with connection.cursor() as cursor:
        cursor.execute(RECOMPUTE.format(table=Visit._meta.db_table), params)
        return cursor.rowcount
