"""The Stockholm-size world the benchmarks share (not a benchmark itself:
`make bench` skips files starting with "_"): 20 000 customers, 200
providers, 1 200 000 visits in October 2026, in a throw-away database.

Import it after django.setup().
"""

import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection

from customers.models import Choice, Customer, DecisionStatus, NeedDecision
from kundval.models import Area, Municipality, Service, ServiceKind
from providers.models import Provider, ProviderKind
from vouchers.demo import NACKA_BANDS, calendar_load, tariff_load

CUSTOMERS = 20_000
PROVIDERS = 200
VISITS_PER_CUSTOMER = 60  # 1 200 000 in all
MONTH = date(2026, 10, 1)

# One month of visits straight from SQL: each customer's 60 visits start at a
# random five-minute mark of October (Stockholm time) and last 15 to 120
# minutes; one in five is a service intervention.
VISITS_SQL = """
INSERT INTO vouchers_visit (choice_id, municipality_id, service_id, provider_id,
    customer_id, starts_at, ends_at, category, staff, approved_at, "overlaps",
    settle_month, source, reported_by_id, reported_at)
SELECT c.id, %(municipality)s, %(service)s, c.provider_id, d.customer_id,
       s.starts_at, s.starts_at + (15 + 5 * floor(random() * 22)) * interval '1 minute',
       CASE WHEN random() < 0.2 THEN 'service' ELSE 'personal_care' END,
       'S' || (c.id %% 50), now(), false, %(month)s, 'api', %(user)s, now()
  FROM customers_choice c
  JOIN customers_needdecision d ON d.id = c.decision_id
 CROSS JOIN LATERAL (
       SELECT (timestamp '2026-10-01' AT TIME ZONE 'Europe/Stockholm')
              + floor(random() * 31 * 24 * 12 + g * 0) * interval '5 minutes'
              AS starts_at
         FROM generate_series(1, %(per_customer)s) g) s
 WHERE d.service_id = %(service)s
"""


def timed(label: str, action):
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label:58} {seconds:8.2f} s", flush=True)
    return seconds, result


@contextmanager
def throwaway_database(name: str | None = None):
    """A fresh, migrated database for the run, dropped afterwards (kept with
    BENCH_KEEPDB=1, for working on a benchmark). `name` overrides the test
    database's name, so two benchmarks never meet."""
    from django.test.utils import setup_databases, teardown_databases

    if name:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    print("Creating a throw-away database and migrating it ...", flush=True)
    keep = os.environ.get("BENCH_KEEPDB") == "1"
    databases = setup_databases(
        verbosity=0, interactive=False, keepdb=keep, serialized_aliases=set()
    )
    try:
        yield keep
    finally:
        if not keep:
            teardown_databases(databases, verbosity=0)


def world(provider_of: Callable[[int], int] = lambda n: n % PROVIDERS):
    """The municipality, its service, tariff, providers, customers, their
    decisions and choices; `provider_of(n)` is the index of customer n's
    provider (by default every provider has 100 customers)."""
    municipality = Municipality.objects.create(
        name="Benchholm", slug="benchholm", organisation_number="2120000000"
    )
    service = Service.objects.create(
        municipality=municipality,
        slug="hemtjanst",
        name="Hemtjänst",
        kind=ServiceKind.HOME_CARE,
    )
    area = Area.objects.create(
        municipality=municipality, slug="centrum", name="Centrum"
    )
    calendar_load(municipality)
    tariff = tariff_load(service, "Hemtjänst 2026", NACKA_BANDS, [])
    user = get_user_model().objects.create(username="bench")
    providers = Provider.objects.bulk_create(
        Provider(
            name=f"Anordnare {n}",
            slug=f"anordnare-{n}",
            kind=ProviderKind.MUNICIPAL if n == 0 else ProviderKind.PRIVATE,
            municipality=municipality if n == 0 else None,
            organisation_number=f"55{n:08d}",
            street_address="Gatan 1",
            postal_code="11111",
            city="Benchholm",
            contact_email="a@example.se",
            contact_phone="08",
            signatory_name="A",
        )
        for n in range(PROVIDERS)
    )
    customers = Customer.objects.bulk_create(
        Customer(
            municipality=municipality,
            identity_number=f"19{30 + n // 10000}0101{n % 10000:04d}",
            name=f"Kund {n}",
            area=area,
        )
        for n in range(CUSTOMERS)
    )
    decisions = NeedDecision.objects.bulk_create(
        NeedDecision(
            customer=c,
            service=service,
            hours_per_month=40,
            starts_on=date(2026, 1, 1),
            status=DecisionStatus.DECIDED,
        )
        for c in customers
    )
    Choice.objects.bulk_create(
        Choice(
            decision=d,
            provider=providers[provider_of(n)],
            starts_on=d.starts_on,
            status="accepted",
            ordered_by=user,
        )
        for n, d in enumerate(decisions)
    )
    return municipality, service, tariff, user


def visits_generate(municipality, service, user) -> None:
    """October's 1 200 000 visits, by SQL, then ANALYZE."""
    params = {
        "municipality": municipality.pk,
        "service": service.pk,
        "month": MONTH,
        "user": user.pk,
        "per_customer": VISITS_PER_CUSTOMER,
    }
    with connection.cursor() as cursor:
        # Foreign-key triggers off while generating (a bench-only
        # shortcut: the rows are made consistent by construction).
        cursor.execute("SET session_replication_role = replica")
        timed("generate 1 200 000 visits", lambda: cursor.execute(VISITS_SQL, params))
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM vouchers_visit")
        print(f"visits: {cursor.fetchone()[0]:,}".replace(",", " "), flush=True)
