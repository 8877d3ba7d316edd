"""Load the demo data; safe to run again."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from kundval.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Load demo municipalities, services, areas and users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-passwords",
            action="store_true",
            help="Set the demo password even though DEBUG is off.",
        )
        parser.add_argument(
            "--no-volumes",
            action="store_false",
            dest="volumes",
            help="Leave out the generated customer volumes (for fast test set-ups).",
        )

    @transaction.atomic
    def handle(
        self, *args, demo_passwords: bool = False, volumes: bool = True, **options
    ):
        if not settings.DEBUG and not demo_passwords:
            raise CommandError(
                "DEBUG is off: refusing to give the demo users a known password. "
                "Pass --demo-passwords if this really is a demo installation."
            )
        demo_seed(volumes=volumes)
        # Apps below kundval add their demo data in their own demo.py; every
        # demo_seed takes `volumes`, and leaves out whatever is large without it.
        for config in apps.get_app_configs():
            if config.name != "kundval" and module_has_submodule(config.module, "demo"):
                import_module(f"{config.name}.demo").demo_seed(volumes=volumes)
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded; demo password: {DEMO_PASSWORD}")
            )
