"""Render the annual quality report of one provider from the shell, through
the same service as the batch:

    python manage.py quality_report ORGANISATION_NUMBER YEAR --output FILE
    python manage.py quality_report --summary --municipality SLUG YEAR --output FILE

A provider authorized in more than one municipality needs --municipality.
Bad input ends with a message and exit status 1, never a traceback."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from authorization.models import Authorization
from followup.models.surveys import FIRST_YEAR, LAST_YEAR
from followup.services.report_pdf import municipal_summary_pdf, quality_report_pdf
from kundval.models import Municipality
from providers.models import Provider


class Command(BaseCommand):
    help = "Render a provider's annual quality report (or a municipal summary) as PDF."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="+", metavar="ORGANISATION_NUMBER YEAR")
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument(
            "--municipality", default="", help="the municipality's slug"
        )
        parser.add_argument(
            "--summary",
            action="store_true",
            help="the municipal summary: give YEAR only",
        )

    def handle(self, *args, output, municipality, summary, **options):
        if summary:
            if len(args) != 1:
                raise CommandError("Give only the YEAR with --summary.")
            year = _year(args[0])
            place = _municipality(municipality)
            pdf = municipal_summary_pdf(municipality_id=place.pk, year=year)
        else:
            if len(args) != 2:
                raise CommandError("Give ORGANISATION_NUMBER and YEAR.")
            year = _year(args[1])
            provider = _provider(args[0])
            place = _municipality_of(provider, municipality)
            pdf = quality_report_pdf(
                municipality_id=place.pk, provider_id=provider.pk, year=year
            )
        try:
            Path(output).write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}") from None
        self.stdout.write(f"Wrote {output} ({len(pdf)} bytes).")


def _year(text: str) -> int:
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise CommandError(f"Not a year: {text!r} (give {FIRST_YEAR}–{LAST_YEAR}).")
    if int(text) > timezone.localdate().year:
        raise CommandError(f"{text} has not begun: no report yet.")
    return int(text)


def _provider(number: str) -> Provider:
    digits = "".join(c for c in number if c.isdigit())
    provider = Provider.objects.filter(organisation_number=digits).first()
    if provider is None:
        raise CommandError(f"No provider has organisation number {number!r}.")
    return provider


def _municipality(slug: str) -> Municipality:
    if not slug:
        raise CommandError("Give the municipality with --municipality SLUG.")
    found = Municipality.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(f"No municipality {slug!r}.")
    return found


def _municipality_of(provider: Provider, slug: str) -> Municipality:
    """The municipality given, or the one the provider has been authorized in."""
    places = Municipality.objects.filter(
        pk__in=Authorization.objects.filter(provider=provider).values(
            "service__municipality"
        )
    ).order_by("slug")
    slugs = [m.slug for m in places]
    if slug:
        if slug not in slugs:
            raise CommandError(
                f"{provider.name} has never been authorized in {slug!r} "
                f"(authorized in: {', '.join(slugs) or 'none'})."
            )
        return places.get(slug=slug)
    if not slugs:
        raise CommandError(f"{provider.name} has never been authorized anywhere.")
    if len(slugs) > 1:
        raise CommandError(
            f"{provider.name} is authorized in {', '.join(slugs)}: "
            "give one with --municipality SLUG."
        )
    return places.get()
