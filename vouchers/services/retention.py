"""The retention run (gallring, docs/retention.md): each municipality's
customers whose retention has run out lose their personal data.

It lives in vouchers because it acts on both apps and customers may not
import vouchers: the customer's fee bases (income, reserved amount) go
here, the rest in customers.services.customer_erase. Visits, fee
statements and settlements stay: they are accounting records, kept seven
years (bokföringslagen 7 kap. 2 §), and point at the pseudonymised customer.
"""

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from customers.selectors import retention_archived, retention_due
from customers.services import customer_erase
from kundval.models import Municipality
from vouchers.models import FeeBasis

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionResult:
    """What a run erased (or, dry, would erase) in one municipality, and
    how many files past retention are kept for research."""

    municipality: str
    customer_ids: list[int]
    archived: int


def retention_run(
    *, on: date, municipalities=None, dry_run: bool = False
) -> list[RetentionResult]:
    """Erase (unless `dry_run`) the due customers of each municipality
    (every one if None) on `on`. Idempotent: an erased customer is never
    due again."""
    if municipalities is None:
        municipalities = Municipality.objects.order_by("slug")
    return [
        _run_one(municipality, on=on, dry_run=dry_run)
        for municipality in municipalities
    ]


def _run_one(municipality: Municipality, *, on: date, dry_run: bool):
    due = list(retention_due(municipality, on=on).values_list("pk", flat=True))
    if not dry_run:
        due = [pk for pk in due if _retire(municipality, pk, on=on)]
        log.info("Retention %s on %s: %d erased", municipality.slug, on, len(due))
    archived = retention_archived(municipality, on=on).count()
    return RetentionResult(municipality.slug, due, archived)


@transaction.atomic
def _retire(municipality: Municipality, customer_id: int, *, on: date) -> bool:
    # Asked again under the customer's lock: a decision registered since
    # the list was made keeps the file.
    still_due = retention_due(municipality, on=on).filter(pk=customer_id)
    if not still_due.select_for_update().values_list("pk", flat=True):
        return False
    FeeBasis.objects.filter(customer_id=customer_id).delete()
    return customer_erase(customer_id=customer_id, on=on)
