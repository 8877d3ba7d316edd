"""The demo's performed time (seed_demo with volumes): visits for every
accepted choice in Nacka and Trosa, every month from the first demo
choice's (January: customers.demo_volumes.FIRST_DAY) to last month, so that the
annual quality report has performed hours per month and staff continuity.

- Customers granted HEAVY hours a month or more get two visits every day
  they have the provider, a morning and an evening one (07-22): they are
  the ones Socialstyrelsen's staff continuity counts (docs/continuity.md).
  The others get a visit on some days, about what was granted in all.
- Each provider has a pool of staff and a continuity of its own: every
  customer meets a team of about `TEAM[slug]` staff a month (omsorgshuset
  is poor, hemtrevnad good, the rest drawn), so medians differ by provider.
- Performed time is 80-100 % of what was granted, for the days covered.
- Earlier months are past their lock day and approved by the customers;
  last month, the one the finance officer settles, keeps a few visits
  not approved yet. No settlement is made: the finance officer computes.

Deterministic (one Random per month, choices in id order) and idempotent: a
month that already has visits of the demo choices is skipped, so a run in a
later month adds only the months that are new.
"""

import io
import math
from calendar import monthrange
from datetime import date, time, timedelta
from decimal import Decimal
from random import Random

from django.db import connection
from django.utils import timezone

from customers.selectors import accepted_choices
from providers.models import ProviderMembership
from vouchers.calendar import local
from vouchers.models import Visit, VisitSource

MUNICIPALITIES = ["nacka", "trosa"]
HEAVY = Decimal(30)  # hours a month: two visits a day
DONE = (0.8, 1.0)  # share of the granted hours performed
NOT_APPROVED = 0.03  # of last month's visits: the customer has not approved yet
# Staff a customer meets in a month, about (the national median is 14.9);
# a provider not named here draws its own from DRAWN.
TEAM = {"hemtrevnad": 8, "omsorgshuset": 16, "nacka-egen-regi": 13}
DRAWN = range(6, 19)
MORNING = [time(7, 30), time(8), time(8, 30), time(9)]
EVENING = [time(17), time(18), time(19), time(19, 30)]
DAYTIME = [time(9), time(10), time(13), time(14), time(16)]


def visits_seed(today: date | None = None) -> None:
    today = today or timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    # The customers were just bulk-inserted: without statistics the planner
    # nests loops over the joins and the queries take minutes.
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE customers_choice, customers_needdecision, customers_customer"
        )
    choices = list(
        accepted_choices()
        .filter(decision__customer__municipality__slug__in=MUNICIPALITIES)
        .order_by("pk")
        .values(
            "pk",
            "provider_id",
            "provider__slug",
            "starts_on",
            "ends_on",
            "ordered_by_id",
            "decision__starts_on",
            "decision__ends_on",
            "decision__hours_per_month",
            "decision__service_id",
            "decision__customer_id",
            "decision__customer__municipality_id",
        )
    )
    if not choices:
        return
    seeded = set(
        Visit.objects.filter(choice__in=[c["pk"] for c in choices])
        .order_by()
        .values_list("settle_month", flat=True)
        .distinct()
    )
    reporters = dict(
        ProviderMembership.objects.order_by("-pk").values_list("provider_id", "user_id")
    )
    # From the month the first demo choice started in.
    month = min(max(c["starts_on"], c["decision__starts_on"]) for c in choices)
    month = month.replace(day=1)
    while month <= last_month:
        if month not in seeded:
            _copy(_month_visits(choices, month, reporters, last=month == last_month))
        month = (month + timedelta(days=32)).replace(day=1)


def _month_visits(choices, month: date, reporters: dict, *, last: bool):
    rng = Random(f"kundval-demo-visits-{month:%Y-%m}")  # noqa: S311 (demo data)
    days_in_month = monthrange(month.year, month.month)[1]
    end = month.replace(day=days_in_month)
    for choice in choices:
        first = max(month, choice["starts_on"], choice["decision__starts_on"])
        until = min(
            d for d in (end, choice["ends_on"], choice["decision__ends_on"]) if d
        )
        if first > until:
            continue
        days = [first + timedelta(days=n) for n in range((until - first).days + 1)]
        granted = choice["decision__hours_per_month"]
        minutes = float(granted) * 60 * rng.uniform(*DONE) * len(days) / days_in_month
        team = _team(rng, choice["provider__slug"])
        approve = 1.0 - (NOT_APPROVED if last else 0.0)
        if granted >= HEAVY:
            plan = [
                (day, slot, "personal_care")
                for day in days
                for slot in (rng.choice(MORNING), rng.choice(EVENING))
            ]
        else:
            count = max(1, min(len(days), round(minutes / 60)))
            plan = [
                (day, rng.choice(DAYTIME), rng.choice(["personal_care", "service"]))
                for day in sorted(rng.sample(days, count))
            ]
        length = max(15, 5 * round(minutes / len(plan) / 5))
        offset = rng.randrange(len(team))
        for n, (day, slot, category) in enumerate(plan):
            starts_at = local(day, slot)
            yield (
                choice["pk"],
                choice["decision__customer__municipality_id"],
                choice["decision__service_id"],
                choice["provider_id"],
                choice["decision__customer_id"],
                starts_at.isoformat(),
                (starts_at + timedelta(minutes=length)).isoformat(),
                category,
                # In turn, so a customer meets the whole team in 14 days.
                team[(n + offset) % len(team)],
                starts_at.isoformat() if rng.random() < approve else "\\N",
                "f",
                month.isoformat(),
                VisitSource.API.value,
                reporters.get(choice["provider_id"], choice["ordered_by_id"]),
            )


# Visit's columns as _month_visits gives them; the rest take their defaults.
COLUMNS = [
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
    "overlaps",
    "settle_month",
    "source",
    "reported_by_id",
    "reported_at",
]


def _copy(visits) -> None:
    """COPY, not bulk_create: a year of visits is about 230 000 rows, which
    bulk_create takes half a minute to build and send (COPY a few seconds).
    No value holds a tab, a newline or a backslash; "\\N" is NULL."""
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    for visit in visits:
        buffer.write("\t".join(map(str, (*visit, now))) + "\n")
    buffer.seek(0)
    names = ", ".join(f'"{c}"' for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f'COPY "{Visit._meta.db_table}" ({names}) FROM STDIN',
            buffer,
        )


_pools: dict[str, tuple[int, int]] = {}


def _team(rng: Random, slug: str) -> list[str]:
    """The staff a customer of the provider meets this month: about the
    provider's team size, drawn from its pool (a few more than a team)."""
    if slug not in _pools:
        own = Random(f"kundval-demo-staff-{slug}")  # noqa: S311 (demo data)
        size = TEAM.get(slug) or own.choice(DRAWN)
        _pools[slug] = (size, math.ceil(size * 1.5) + 4)
    size, pool = _pools[slug]
    members = rng.sample(range(1, pool + 1), min(pool, size + rng.randint(-2, 2)))
    return [f"P{member:03d}" for member in members]
