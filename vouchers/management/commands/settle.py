"""Run (or re-run) a municipality's month and print it:
`python manage.py settle nacka 2026-10 [--format json]`."""

import json
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kundval.models import Municipality
from vouchers.exports import hours, settlement_payload
from vouchers.models import Settlement
from vouchers.months import month_parse
from vouchers.settlement.run import settlement_run


def month_argument(text: str) -> date:
    try:
        return month_parse(text)
    except ValueError as error:
        raise CommandError(f"{error} Not {text!r}.") from None


class Command(BaseCommand):
    help = "Settle a municipality's month (again) and print the settlements."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="the municipality's slug, e.g. nacka")
        parser.add_argument("month", help="YYYY-MM")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, municipality: str, month: str, **options):
        place = Municipality.objects.filter(slug=municipality).first()
        if place is None:
            raise CommandError(f"No municipality with the slug {municipality!r}.")
        first_day = month_argument(month)
        try:
            settlement_run(municipality_id=place.pk, month=first_day)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        settlements = (
            Settlement.objects.filter(municipality=place, month=first_day)
            .select_related("provider")
            .prefetch_related("lines")
            .order_by("provider__organisation_number")
        )
        if options["format"] == "json":
            payload = [settlement_payload(s) for s in settlements]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for settlement in settlements:
            self._print(settlement)

    def _print(self, settlement: Settlement) -> None:
        provider = settlement.provider
        self.stdout.write(
            f"{provider.organisation_number} {provider.name} ({settlement.status})"
        )
        for line in settlement.lines.all():
            self.stdout.write(
                f"  {line.label:45} {line.quantity:>10} {line.unit:7}"
                f" {line.rate.normalize():>8} {line.amount:>12}"
            )
        self.stdout.write(
            f"  {'Total':45} {'':>10} {'':7} {'':>8} {settlement.total:>12}"
            f"   (unpaid hours {hours(settlement.unpaid_seconds)},"
            f" not approved {hours(settlement.unapproved_seconds)})"
        )
