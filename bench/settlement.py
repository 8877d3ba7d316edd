"""Settling a Stockholm-size month (issue 6): 20 000 customers, 200
providers, 1 200 000 visits, in a throw-away database.

Prints, from one run: the time to settle the month (vouchers'
settlement_run, timelines and stored lines included), the time of a plain
`SELECT provider_id, sum(ends_at - starts_at) ... GROUP BY provider_id` over
the same visits, and their ratio (goal: settle within 10x); the month
settled again as the Celery job's parts, one after another; the customers'
fee statements of the month; then the time to import 100 000 visits from
CSV (goal: under 20 s).
"""

import io
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundval.settings")
# Its own database, so the benchmark never meets a test run's.
os.environ["KUNDVAL_DB_NAME"] = "kundval_bench"

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402

from customers.models import Choice, Customer, DecisionStatus, NeedDecision  # noqa: E402
from kundval.models import Area, Municipality, Service, ServiceKind  # noqa: E402
from providers.models import (  # noqa: E402
    Provider,
    ProviderKind,
    ProviderMembership,
)
from vouchers.demo import NACKA_BANDS, calendar_load, tariff_load  # noqa: E402
from vouchers.models import FeeSchedule, Visit  # noqa: E402
from vouchers.services.fees import fee_statements_run  # noqa: E402
from vouchers.services.visit_csv import visits_import_csv  # noqa: E402
from vouchers.settlement.jobs import PART_SIZE  # noqa: E402
from vouchers.settlement.run import (  # noqa: E402
    providers_to_settle,
    settlement_run,
)

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
    print(f"{label:58} {seconds:8.2f} s")
    return seconds, result


def world():
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
            provider=providers[n % PROVIDERS],
            starts_on=d.starts_on,
            status="accepted",
            ordered_by=user,
        )
        for n, d in enumerate(decisions)
    )
    return municipality, service, tariff, user


def main() -> None:
    from django.test.utils import setup_databases, teardown_databases

    print("Creating a throw-away database and migrating it ...")
    keep = os.environ.get("BENCH_KEEPDB") == "1"  # for working on the SQL
    databases = setup_databases(
        verbosity=0, interactive=False, keepdb=keep, serialized_aliases=set()
    )
    try:
        existing = Municipality.objects.filter(slug="benchholm").first()
        if existing is not None:
            run(existing)
            return
        municipality, service, _tariff, user = world()
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
            timed(
                "generate 1 200 000 visits", lambda: cursor.execute(VISITS_SQL, params)
            )
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("ANALYZE")
            cursor.execute("SELECT count(*) FROM vouchers_visit")
            print(f"visits: {cursor.fetchone()[0]:,}".replace(",", " "))
        run(municipality)
    finally:
        if not keep:
            teardown_databases(databases, verbosity=0)


def plain_aggregate(municipality_id: int):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT provider_id, sum(ends_at - starts_at) FROM vouchers_visit"
            " WHERE municipality_id = %s AND settle_month = %s GROUP BY provider_id",
            [municipality_id, MONTH],
        )
        return cursor.fetchall()


def run(municipality) -> None:
    plain_aggregate(municipality.pk)  # warm the cache for both
    plain, _rows = timed(
        "plain SELECT provider, sum(end - start) GROUP BY provider",
        lambda: plain_aggregate(municipality.pk),
    )
    settle, _ids = timed(
        "settle the month (settlement_run)",
        lambda: settlement_run(municipality_id=municipality.pk, month=MONTH),
    )
    print(f"{'ratio settle / plain aggregate':58} {settle / plain:8.1f} x (goal: 10 x)")
    _again, _ids = timed(
        "settle the same month again (nothing changes)",
        lambda: settlement_run(municipality_id=municipality.pk, month=MONTH),
    )
    timed(
        f"the job's parts of {PART_SIZE} providers, one after another",
        lambda: settle_in_parts(municipality.pk),
    )
    FeeSchedule.objects.get_or_create(
        municipality=municipality,
        valid_from=date(2026, 1, 1),
        defaults={"hourly_fee": 350},
    )
    timed(
        f"fee statements of the month's {CUSTOMERS:,} customers".replace(",", " "),
        lambda: fee_statements_run(municipality=municipality, month=MONTH),
    )
    import_csv(municipality)


def settle_in_parts(municipality_id: int) -> None:
    """What the Celery job does, in one process: each part is its own run."""
    providers = providers_to_settle(municipality_id=municipality_id, month=MONTH)
    for first in range(0, len(providers), PART_SIZE):
        settlement_run(
            municipality_id=municipality_id,
            month=MONTH,
            provider_ids=providers[first : first + PART_SIZE],
        )


CSV_ROWS = 100_000


def import_csv(municipality) -> None:
    """100 000 visits of one provider's 100 customers in September, 1 000
    each, 40 minutes apart, imported through the upload's service."""
    provider = Provider.objects.get(municipality=municipality)
    user, _new = get_user_model().objects.get_or_create(username="bench-provider")
    ProviderMembership.objects.get_or_create(user=user, provider=provider)
    # An earlier run's import (BENCH_KEEPDB): September is locked by now, so
    # its visits went to a later month as corrections.
    Visit.objects.filter(reported_by=user).delete()
    choices = list(
        Choice.objects.filter(provider=provider).values_list("pk", flat=True)
    )
    per_choice = CSV_ROWS // len(choices)
    lines = ["choice;start;end;category;staff;approved"]
    first = datetime(2026, 9, 1, 6)
    for choice in choices:
        for n in range(per_choice):
            start = first + timedelta(minutes=40 * n)
            end = start + timedelta(minutes=30)
            lines.append(
                f"{choice};{start:%Y-%m-%dT%H:%M};{end:%Y-%m-%dT%H:%M};"
                f"personal_care;S{n % 7};1"
            )
    data = ("\n".join(lines) + "\n").encode()
    _seconds, result = timed(
        f"import {len(lines) - 1:,} visits from CSV".replace(",", " "),
        lambda: visits_import_csv(user=user, provider=provider, file=io.BytesIO(data)),
    )
    print(
        f"{'imported':58} {result.imported:8} rows, {len(result.errors)} errors"
        f" (goal: under 20 s)"
    )


if __name__ == "__main__":
    main()
