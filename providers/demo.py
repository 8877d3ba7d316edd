"""Demo providers for seed_demo (issue 4 §11): about 50 in Nacka (one own
unit), Trosa's own unit and three private ones, and providers shared by
Leksand and Rättvik; each with a user `anordnare.<slug>` (demo password)."""

from django.contrib.auth import get_user_model
from stdnum import luhn

from kundval.demo import demo_password_hash
from kundval.models import Municipality
from providers.models import Provider, ProviderKind, ProviderMembership

# slug, name, own unit of (municipality slug) or None, city
NAMED = [
    ("nacka-egen-regi", "Nacka hemtjänst (egen regi)", "nacka", "Nacka"),
    ("omsorgshuset", "Omsorgshuset i Nacka AB", None, "Nacka"),
    ("hemtrevnad", "Hemtrevnad Saltsjöbaden AB", None, "Saltsjöbaden"),
    ("trosa-egen-regi", "Trosa kommun hemtjänst", "trosa", "Trosa"),
    ("trosa-service", "Trosa Service och Omsorg AB", None, "Vagnhärad"),
    ("vagnharads-hemservice", "Vagnhärads Hemservice HB", None, "Vagnhärad"),
    ("vasterljungs-stad", "Västerljungs Städ och Service AB", None, "Västerljung"),
    ("leksand-egen-regi", "Leksands kommun hemtjänst", "leksand", "Leksand"),
    ("rattvik-egen-regi", "Rättviks kommun hemtjänst", "rattvik", "Rättvik"),
    ("siljan-omsorg", "Siljan Omsorg ekonomisk förening", None, "Leksand"),
    ("dalarnas-hemtjanst", "Dalarnas Hemtjänst AB", None, "Rättvik"),
]
WORDS = ["Trygg", "Omtanke", "Vardag", "Hjärtat", "Stöd", "Varsam", "Närhet"]
PLACES = ["Boo", "Fisksätra", "Saltsjöbaden", "Sicklaön", "Älta", "Orminge", "Nacka"]
# What customers compare on; spread over the providers by their index.
LANGUAGES = [
    "",
    "finska",
    "arabiska, persiska",
    "",
    "spanska",
    "bosniska, kroatiska, serbiska",
    "",
    "polska",
]
SPECIALISATIONS = [
    "demens",
    "",
    "palliativ vård",
    "psykisk ohälsa",
    "",
    "demens, diabetes",
]
GENERATED_IN_NACKA = 47  # with the own unit and the two named: 50 in Nacka
APPLICANTS_IN_NACKA = 5  # apply but are not (yet) authorized


def nacka_generated() -> list[tuple[str, str, None, str]]:
    total = GENERATED_IN_NACKA + APPLICANTS_IN_NACKA
    providers = []
    for index in range(total):
        word, place = (
            WORDS[index % len(WORDS)],
            PLACES[index // len(WORDS) % len(PLACES)],
        )
        name = f"{word} Omsorg {place} AB"
        if index >= len(WORDS) * len(PLACES):
            name = f"{word} Hemhjälp {place} AB"
        providers.append((f"nacka-{index + 1:02d}", name, None, place))
    return providers


def all_providers() -> list[tuple[str, str, str | None, str]]:
    return NAMED + nacka_generated()


def _orgnr(index: int, *, municipal: bool) -> str:
    # A made-up number that passes the checks: legal form, "month" ≥ 20, Luhn.
    body = ("21200" if municipal else "55910") + f"{index:04d}"
    return body + luhn.calc_check_digit(body)


def demo_seed(*, volumes: bool = True) -> None:
    """Small either way: `volumes` (seed_demo --no-volumes) changes nothing here."""
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    for index, (slug, name, own_unit_of, city) in enumerate(all_providers()):
        municipality = municipalities.get(own_unit_of) if own_unit_of else None
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
                "vat_number": ""
                if municipality
                else f"SE{_orgnr(index, municipal=False)}01",
                "street_address": "Storgatan 1",
                "postal_code": "13181",
                "city": city,
                "contact_email": f"kontakt@{slug}.example.se",
                "contact_phone": "08-123 456 00",
                "signatory_name": "Sam Signatär",
                "languages": LANGUAGES[index % len(LANGUAGES)],
                "specialisations": SPECIALISATIONS[index % len(SPECIALISATIONS)],
            },
        )
        user, _created = get_user_model().objects.update_or_create(
            username=f"anordnare.{slug}",
            defaults={"is_active": True, "password": demo_password_hash()},
        )
        ProviderMembership.objects.update_or_create(
            user=user, provider=provider, defaults={"is_admin": True}
        )
