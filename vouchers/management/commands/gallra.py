"""Erase the personal data whose retention ran out (docs/retention.md):
`python manage.py gallra [--dry-run] [--municipality SLUG] [--on YYYY-MM-DD]`.
Prints counts and customer ids, never an identity number."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kundval.models import Municipality
from vouchers.services.retention import retention_run


def day_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Give the day as YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = "Erase (gallra) customers' personal data whose retention ran out."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list, change nothing"
        )
        parser.add_argument("--municipality", help="one municipality's slug")
        parser.add_argument("--on", help="as on this day (YYYY-MM-DD); default today")

    def handle(self, *args, dry_run: bool, municipality: str | None, on, **options):
        day = day_argument(on) if on else timezone.localdate()
        places = Municipality.objects.order_by("slug")
        if municipality:
            places = places.filter(slug=municipality)
            if not places:
                raise CommandError(f"No municipality with the slug {municipality!r}.")
        verb = "would erase" if dry_run else "erased"
        for result in retention_run(on=day, municipalities=places, dry_run=dry_run):
            ids = " ".join(map(str, result.customer_ids))
            self.stdout.write(
                f"{result.municipality} {day}: {verb} {len(result.customer_ids)}"
                f" customers; {result.archived} kept for research"
                + (f"\n  ids: {ids}" if ids else "")
            )
