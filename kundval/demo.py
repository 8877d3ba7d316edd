"""Demo data for `manage.py seed_demo`: municipalities of the seeds, and users.

Later issues add providers, customers and rates to it. Everything is keyed
on slugs and usernames, so running it again changes nothing.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from kundval.models import Area, Membership, Municipality, Role, Service, ServiceKind

DEMO_PASSWORD = "kundval-demo"  # noqa: S105 (demo only; see seed_demo)

# Trosa's organisation number is the one it publishes; the others are
# checksum-valid stand-ins until confirmed against Bolagsverket.
MUNICIPALITIES = [
    ("nacka", "Nacka", "2120000167"),
    ("trosa", "Trosa", "2120002957"),
    ("leksand", "Leksand", "2120002114"),
    ("rattvik", "Rättvik", "2120002106"),
]

SERVICES = {
    "nacka": [
        ("hemtjanst", "Hemtjänst", ServiceKind.HOME_CARE),
        ("ledsagning", "Ledsagning", ServiceKind.ESCORT),
        ("avlosning", "Avlösning", ServiceKind.RELIEF),
    ],
    "trosa": [("hemtjanst", "Hemtjänst", ServiceKind.HOME_CARE)],
    "leksand": [("hemtjanst", "Hemtjänst", ServiceKind.HOME_CARE)],
    "rattvik": [("hemtjanst", "Hemtjänst", ServiceKind.HOME_CARE)],
}

AREAS = {
    "nacka": [
        ("sickla", "Sicklaön"),
        ("boo", "Boo"),
        ("fisksatra", "Fisksätra"),
        ("saltsjobaden", "Saltsjöbaden"),
        ("alta", "Älta"),
    ],
    "trosa": [
        ("trosa", "Trosa"),
        ("vagnharad", "Vagnhärad"),
        ("vasterljung", "Västerljung"),
    ],
    "leksand": [("leksand", "Leksand"), ("insjon", "Insjön")],
    "rattvik": [("rattvik", "Rättvik"), ("furudal", "Furudal")],
}

ALL_MUNICIPALITIES = [slug for slug, _name, _orgnr in MUNICIPALITIES]

# username → (first name, last name, role, municipalities)
USERS = {
    "admin": ("Alva", "Admin", Role.ADMINISTRATOR, ALL_MUNICIPALITIES),
    "handlaggare.nacka": ("Hanna", "Holm", Role.CASE_OFFICER, ["nacka"]),
    "kvalitet.nacka": ("Karin", "Kvist", Role.QUALITY_OFFICER, ["nacka"]),
    "ekonomi.nacka": ("Erik", "Ek", Role.FINANCE_OFFICER, ["nacka"]),
    "handlaggare.trosa": ("Hugo", "Hed", Role.CASE_OFFICER, ["trosa"]),
    "kvalitet.trosa": ("Klara", "Kron", Role.QUALITY_OFFICER, ["trosa"]),
}


@cache
def demo_password_hash() -> str:
    """One hash for every demo user: PBKDF2 costs ~0.3 s a user, and there are 60."""
    return make_password(DEMO_PASSWORD)


@transaction.atomic
def demo_seed(*, volumes: bool = True) -> None:
    """Small either way: `volumes` (seed_demo --no-volumes) changes nothing here."""
    municipalities = _seed_municipalities()
    _seed_users(municipalities)


def _seed_municipalities() -> dict[str, Municipality]:
    seeded = {}
    for slug, name, orgnr in MUNICIPALITIES:
        municipality, _created = Municipality.objects.update_or_create(
            slug=slug, defaults={"name": name, "organisation_number": orgnr}
        )
        for service_slug, service_name, kind in SERVICES[slug]:
            Service.objects.update_or_create(
                municipality=municipality,
                slug=service_slug,
                defaults={"name": service_name, "kind": kind},
            )
        for area_slug, area_name in AREAS[slug]:
            Area.objects.update_or_create(
                municipality=municipality, slug=area_slug, defaults={"name": area_name}
            )
        seeded[slug] = municipality
    return seeded


def _seed_users(municipalities: dict[str, Municipality]) -> None:
    User = get_user_model()
    for username, (first, last, role, slugs) in USERS.items():
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_active": True,
                # Only the operator account reaches Django's admin.
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
            },
        )
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
        for slug in slugs:
            Membership.objects.get_or_create(
                user=user, municipality=municipalities[slug], role=role
            )
