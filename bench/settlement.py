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

from bench._world import (  # noqa: E402
    CUSTOMERS,
    MONTH,
    throwaway_database,
    timed,
    visits_generate,
    world,
)
from customers.models import Choice  # noqa: E402
from kundval.models import Municipality  # noqa: E402
from providers.models import Provider, ProviderMembership  # noqa: E402
from vouchers.models import FeeSchedule, Visit  # noqa: E402
from vouchers.services.fees import fee_statements_run  # noqa: E402
from vouchers.services.visit_csv import visits_import_csv  # noqa: E402
from vouchers.settlement.jobs import PART_SIZE  # noqa: E402
from vouchers.settlement.run import (  # noqa: E402
    providers_to_settle,
    settlement_run,
)


def main() -> None:
    with throwaway_database():
        existing = Municipality.objects.filter(slug="benchholm").first()
        if existing is not None:  # BENCH_KEEPDB=1, for working on the SQL
            run(existing)
            return
        municipality, service, _tariff, user = world()
        visits_generate(municipality, service, user)
        run(municipality)


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
