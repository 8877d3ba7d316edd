"""A year's granted and performed hours per provider and month, in two
queries whatever the number of customers or providers: what the annual
quality report and its municipal summary show (followup reads it).

The figures are granted_vs_performed's (granted.py), month by month,
summed per provider: granted hours prorated by the days both the choice
and the decision cover in the month and rounded half up to two decimals per
customer, provider and service; performed hours the approved, not cancelled
visits that start in the month, Stockholm time, rounded the same way. Here
PostgreSQL does the proration over a generate_series of the year's months
and the grouping, where granted_vs_performed builds a row per customer in
Python once a month. The rules of which choices and visits count stay in
their one place: the two querysets below come from customers.selectors and
vouchers.services.fees, and the SQL only wraps them."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import F

from customers.selectors import granting_choices
from vouchers.calendar import STOCKHOLM
from vouchers.services.fees import approved_visits_in

HoursByMonth = dict[tuple[int, date], tuple[Decimal, Decimal]]

# Each granting choice against each month of the year it overlaps; the days
# both it and its decision cover (none: 0); hours x days summed per
# customer, provider and service, divided by the month's days and rounded
# (round() on numeric is half away from zero: half up for hours), then
# summed per provider. Hundredths over at most 31 days are either exactly
# on a half hundredth or at least 1/6 200 from it, so numeric division (16
# significant digits at least) rounds as Decimal does.
GRANTED_SQL = """
WITH granting AS ({choices}),
months AS (
    SELECT first::date AS first,
           (first + interval '1 month' - interval '1 day')::date AS last
      FROM generate_series(%s::timestamp, %s::timestamp, interval '1 month')
           AS first
),
per_customer AS (
    SELECT g.gv_provider, m.first,
           round(sum(g.gv_hours * greatest(
                     least(m.last, coalesce(g.gv_choice_until, m.last),
                           coalesce(g.gv_decision_until, m.last))
                     - greatest(m.first, g.gv_choice_from, g.gv_decision_from)
                     + 1, 0))
                 / (m.last - m.first + 1), 2) AS granted
      FROM granting g
      JOIN months m
        ON g.gv_choice_from <= m.last
       AND (g.gv_choice_until IS NULL OR g.gv_choice_until >= m.first)
     GROUP BY g.gv_provider, m.first, m.last, g.gv_customer, g.gv_service
)
SELECT gv_provider, first, sum(granted) FROM per_customer
 GROUP BY gv_provider, first
"""

# The visits' time per customer, provider, service and Stockholm month of
# their start, in hours rounded half up to the hundredth, summed per provider.
PERFORMED_SQL = """
WITH counted AS ({visits}),
per_customer AS (
    SELECT provider_id,
           date_trunc('month', starts_at AT TIME ZONE %s)::date AS month,
           round(extract(epoch FROM sum(ends_at - starts_at)) / 3600, 2)
           AS performed
      FROM counted
     GROUP BY provider_id, month, customer_id, service_id
)
SELECT provider_id, month, sum(performed) FROM per_customer
 GROUP BY provider_id, month
"""


def granted_performed_by_month(
    *, municipality_id: int, year: int, provider_id: int | None = None
) -> HoursByMonth:
    """(provider id, first day of month) -> (granted hours, performed hours)
    for every month of the year: the sums per provider of
    granted_vs_performed's rows, month by month, in two queries. A month in
    which a provider had nothing granted and nothing performed may be absent:
    callers take a missing key as zero. With `provider_id`, that provider's
    only. The caller checks the user may see the municipality."""
    granted = _granted(municipality_id, year, provider_id)
    performed = _performed(municipality_id, year, provider_id)
    zero = Decimal(0)
    return {
        key: (granted.get(key, zero), performed.get(key, zero))
        for key in granted.keys() | performed.keys()
    }


def _granted(municipality_id, year, provider_id) -> dict[tuple[int, date], Decimal]:
    choices = granting_choices(
        starts_by=date(year, 12, 31), lasts_until=date(year, 1, 1)
    ).filter(decision__customer__municipality_id=municipality_id)
    if provider_id is not None:
        choices = choices.filter(provider_id=provider_id)
    # Aliases of our own: the SQL names its columns, whatever Django's are.
    choices = choices.order_by().values(
        gv_provider=F("provider_id"),
        gv_customer=F("decision__customer_id"),
        gv_service=F("decision__service_id"),
        gv_hours=F("decision__hours_per_month"),
        gv_choice_from=F("starts_on"),
        gv_choice_until=F("ends_on"),
        gv_decision_from=F("decision__starts_on"),
        gv_decision_until=F("decision__ends_on"),
    )
    sql, params = choices.query.sql_with_params()
    return _fetch(
        GRANTED_SQL.format(choices=sql),
        [*params, date(year, 1, 1), date(year, 12, 1)],
    )


def _performed(municipality_id, year, provider_id) -> dict[tuple[int, date], Decimal]:
    visits = approved_visits_in(
        municipality_id=municipality_id,
        month=date(year, 1, 1),
        until=date(year, 12, 1),
    )
    if provider_id is not None:
        visits = visits.filter(provider_id=provider_id)
    visits = visits.order_by().values(
        "provider_id", "customer_id", "service_id", "starts_at", "ends_at"
    )
    sql, params = visits.query.sql_with_params()
    return _fetch(PERFORMED_SQL.format(visits=sql), [*params, STOCKHOLM.key])


def _fetch(sql: str, params: list) -> dict[tuple[int, date], Decimal]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(provider, month): hours for provider, month, hours in cursor}
