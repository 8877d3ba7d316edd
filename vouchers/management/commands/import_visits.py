"""The CSV upload of the provider's time page, from the shell: for a
time-reporting system that drops a file each night. The file format is in
vouchers.services.visit_csv."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from kundval.scoping import scope_of
from providers.models import Provider
from vouchers.services.visit_csv import FILE, visits_import_csv

SHOWN_ERRORS = 200


class Command(BaseCommand):
    help = (
        "Import visits from a CSV file (choice;start;end;category;staff;approved) "
        "as reported by a provider's user. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8, ; or , between fields).")
        parser.add_argument(
            "--user", required=True, help="The username of the provider's user."
        )
        parser.add_argument(
            "--provider",
            help="The provider's organisation number, if the user acts for several.",
        )

    def handle(self, *args, file: str, user: str, provider: str | None, **options):
        reporter = get_user_model().objects.filter(username=user).first()
        if reporter is None:
            raise CommandError(f"No user {user!r}.")
        chosen = _provider(reporter, provider)
        with translation.override("en"), open(file, "rb") as data:
            result = visits_import_csv(user=reporter, provider=chosen, file=data)
            if not result.ok:
                lines = [
                    f"{'file' if line == FILE else f'line {line}'}: {message}"
                    for line, messages in list(result.errors.items())[:SHOWN_ERRORS]
                    for message in messages
                ]
                more = len(result.errors) - SHOWN_ERRORS
                if more > 0:
                    lines.append(f"... and {more} more rows with errors")
                raise CommandError(
                    "Nothing imported; fix these rows:\n" + "\n".join(lines)
                )
        self.stdout.write(self.style.SUCCESS(f"{result.imported} visits imported"))


def _provider(user, number: str | None) -> Provider:
    providers = Provider.objects.filter(pk__in=scope_of(user).provider_ids)
    if number:
        providers = providers.filter(
            organisation_number=number.replace("-", "").strip()
        )
    found = list(providers[:2])
    if len(found) != 1:
        raise CommandError(
            "The user acts for no such provider."
            if not found
            else "The user acts for several providers: give --provider."
        )
    return found[0]
