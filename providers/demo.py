"""Demo providers for seed_demo: each municipality's own unit and private
providers, each with a user `anordnare.<slug>` (the demo password)."""

from django.contrib.auth import get_user_model
from stdnum import luhn

from kundval.demo import DEMO_PASSWORD
from kundval.models import Municipality
from providers.models import Provider, ProviderKind, ProviderMembership

# slug, name, kind, own unit of (municipality slug), city
PROVIDERS = [
    ("nacka-egen-regi", "Nacka hemtjänst (egen regi)", "nacka", "Nacka"),
    ("omsorgshuset", "Omsorgshuset i Nacka AB", None, "Nacka"),
    ("hemtrevnad", "Hemtrevnad Saltsjöbaden AB", None, "Saltsjöbaden"),
    ("trosa-egen-regi", "Trosa kommun hemtjänst", "trosa", "Trosa"),
    ("trosa-service", "Trosa Service och Omsorg AB", None, "Vagnhärad"),
    ("siljan-omsorg", "Siljan Omsorg ekonomisk förening", None, "Leksand"),
]


def _orgnr(index: int, *, municipal: bool) -> str:
    # A made-up number that passes the checks: legal form, "month" ≥ 20, Luhn.
    body = ("2120009" if municipal else "5591000") + f"{index:02d}"
    return body + luhn.calc_check_digit(body)


def demo_seed() -> None:
    for index, (slug, name, own_unit_of, city) in enumerate(PROVIDERS):
        municipality = (
            Municipality.objects.get(slug=own_unit_of) if own_unit_of else None
        )
        provider, _created = Provider.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": ProviderKind.MUNICIPAL
                if municipality
                else ProviderKind.PRIVATE,
                "municipality": municipality,
                "organisation_number": _orgnr(index, municipal=bool(municipality)),
                "f_tax_confirmed": True,
                "street_address": "Storgatan 1",
                "postal_code": "13181",
                "city": city,
                "contact_email": f"kontakt@{slug}.example.se",
                "contact_phone": "08-123 456 00",
                "signatory_name": "Sam Signatär",
            },
        )
        user, _created = get_user_model().objects.update_or_create(
            username=f"anordnare.{slug}", defaults={"is_active": True}
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        ProviderMembership.objects.update_or_create(
            user=user, provider=provider, defaults={"is_admin": True}
        )
