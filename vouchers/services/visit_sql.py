"""The set-based SQL of reporting visits, so a 100 000-row import costs a
few statements, not a query (or a model instance) per visit:

- visits_insert: rows in, ids out, one INSERT ... SELECT FROM unnest(...)
  per batch;
- overlaps_flag: overlapping visits of one customer are flagged on both
  sides (issue 6 item 2), in one UPDATE: a window over each customer's
  visits in time order finds them. The flags are recomputed (set and
  cleared) around the time that changed, so a removed or moved visit also
  clears its neighbours' flags."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import connection

from vouchers.models import Visit
from vouchers.models.visits import LONGEST_VISIT

BATCH = 10_000

# The columns of a row given to visits_insert, in order.
ROW = (
    "choice_id",
    "municipality_id",
    "service_id",
    "provider_id",
    "customer_id",
    "starts_at",
    "ends_at",
    "category",
    "staff",
    "approved_at",
    "settle_month",
)
ROW_TYPES = (
    *(["bigint"] * 5),
    "timestamptz",
    "timestamptz",
    "text",
    "text",
    "timestamptz",
    "date",
)
INSERT = """
INSERT INTO {table} ({columns}, "overlaps", source, reported_by_id, reported_at)
SELECT {columns}, false, %(source)s, %(user)s, %(now)s
FROM unnest({arrays}) AS row({columns})
RETURNING id
"""

VisitRow = tuple[
    int, int, int, int, int, datetime, datetime, str, str, datetime | None, date
]


def visits_insert(
    *, rows: Sequence[VisitRow], user, source: str, now: datetime
) -> list[int]:
    """Insert checked rows (ROW's columns) reported by `user`; their ids in
    the rows' order."""
    statement = INSERT.format(
        table=Visit._meta.db_table,
        columns=", ".join(ROW),
        arrays=", ".join(f"%(c{n})s::{kind}[]" for n, kind in enumerate(ROW_TYPES)),
    )
    ids: list[int] = []
    with connection.cursor() as cursor:
        for first in range(0, len(rows), BATCH):
            columns = zip(*rows[first : first + BATCH], strict=True)
            params = {f"c{n}": _array(values) for n, values in enumerate(columns)}
            params.update(source=source, user=user.pk, now=now)
            cursor.execute(statement, params)
            ids.extend(sorted(row[0] for row in cursor.fetchall()))
    return ids


def _array(values) -> str:
    """A PostgreSQL array literal: one string the server parses fast, where
    psycopg2's ARRAY[...] would be ten thousand cast expressions."""
    return "{" + ",".join(_element(v) for v in values) + "}"


def _element(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


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
