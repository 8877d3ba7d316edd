"""Demo call for seed_demo: Nacka's general conditions and the home-care
manager condition (Nacka's authorization conditions), and the call for
Nacka home care."""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from authorization.demo_oversight import (
    demo_document,
    manager_and_substitute,
    oversight_load,
)
from authorization.models import (
    Announcement,
    Application,
    ApplicationEvent,
    Authorization,
    Condition,
    ConditionAnswer,
    ExclusionDeclaration,
    ExclusionGround,
    OnBreach,
)
from authorization.selectors import conditions_of
from kundval.models import Area, Municipality, Service
from providers.demo import nacka_generated
from providers.models import Provider

W, WR = OnBreach.WARNING, OnBreach.WARNING_OR_REVOCATION

# code, title, text, (at authorization, follow-up, self-report), sanction
GENERAL = [
    ("mal", "Mål för verksamheten",
     "Anordnaren ska redovisa hur de statliga och/eller kommunala målen för "
     "verksamheten ska nås.", (True, True, False), WR),
    ("nycklar", "Nycklar och värdehandlingar",
     "Anordnaren ska ha rutiner för hantering av nycklar till brukarnas bostäder "
     "och värdehandlingar/medel tillhöriga brukarna.", (False, True, False), WR),
    ("ledning", "Kompetens i den dagliga ledningen",
     "Den som utövar den dagliga ledningen av verksamheten ska ha för "
     "arbetsuppgifterna och verksamhetens inriktning adekvat kompetens.",
     (True, True, False), WR),
    ("byte-ledning", "Byte av daglig ledning",
     "Om anordnaren byter den som ansvarar för den dagliga ledningen av "
     "verksamheten ska detta anmälas till kommunen för godkännande.",
     (False, False, True), W),
    ("avvikelser", "Klagomål och avvikelser",
     "Anordnaren ska rapportera allvarliga klagomål, fel, brister och avvikelser "
     "till kommunen.", (False, True, True), WR),
]  # fmt: skip

MANAGER = (
    "Det ska finnas en verksamhetsansvarig med minst två års eftergymnasial vård- "
    "och omsorgsutbildning (högskoleutbildning alternativt yrkeshögskoleexamen 400 "
    "yrkeshögskolepoäng), två års praktisk erfarenhet av arbete på heltid under de "
    "senaste 10 åren inom omsorger om äldre och/eller personer med "
    "funktionsnedsättningar och två års erfarenhet av arbetsledning med ansvar för "
    "personal och drift. Verksamhetsansvarig ska behärska det svenska språket i tal "
    "och skrift. Utbildningar från ett annat land ska valideras av UHR. Anordnaren "
    "ska anmäla vem som ersätter verksamhetsansvarig vid frånvaro."
)

TROSA_RATES = (
    "305 kr per utförd timme; externa anordnare får 28 kr extra för overhead och "
    "moms (333 kr), OB-tillägg enligt avtal och 1,3 % momskompensation."
)

RATES = (
    "Ersättning per utförd timme (kommunal/privat anordnare): måndag–fredag 06–19 "
    "293/310 kr; måndag–torsdag 19–22 324/342 kr; fredag kväll, lördag–söndag och "
    "storhelg 369/390 kr; serviceinsatser 246/263 kr."
)


# The call per municipality: slug → (title, contact e-mail).
CALLS = {
    "nacka": ("Kundval hemtjänst i Nacka", "kvalitetsenheten@nacka.example.se"),
    "trosa": ("Kundval hemtjänst i Trosa", "omsorg@trosa.example.se"),
    "leksand": ("Kundval hemtjänst i Leksand", "lov@leksand.example.se"),
    "rattvik": ("Kundval hemtjänst i Rättvik", "lov@rattvik.example.se"),
}
# Which demo providers (providers/demo.py) are authorized where.
AUTHORIZED = {
    "trosa": [
        "trosa-egen-regi",
        "trosa-service",
        "vagnharads-hemservice",
        "vasterljungs-stad",
    ],
    "leksand": ["leksand-egen-regi", "siljan-omsorg", "dalarnas-hemtjanst"],
    "rattvik": ["rattvik-egen-regi", "siljan-omsorg", "dalarnas-hemtjanst"],
}
APPLICANT_STATUSES = [
    "draft",
    "submitted",
    "completion_requested",
    "refused",
    "withdrawn",
]


def demo_seed(*, volumes: bool = True) -> None:
    """Small either way: `volumes` (seed_demo --no-volumes) changes nothing here."""
    officer = get_user_model().objects.get(username="kvalitet.nacka")
    for slug in CALLS:
        municipality = Municipality.objects.get(slug=slug)
        for position, (code, title, text, points, sanction) in enumerate(GENERAL):
            _condition(
                municipality, None, position, code, title, text, points, sanction
            )
        call = _call(municipality)
        for provider_slug in _authorized_in(slug):
            _authorize(Provider.objects.get(slug=provider_slug), call, officer)
    nacka_call = Announcement.objects.get(service__municipality__slug="nacka")
    _condition(
        nacka_call.service.municipality, nacka_call.service, 0,
        "hemtjanst-verksamhetsansvarig", "Verksamhetsansvarig och ledning",
        MANAGER, (True, True, False), WR, checks_manager=True,
    )  # fmt: skip
    applicants = nacka_generated()[-len(APPLICANT_STATUSES) :]
    for (slug, *_rest), status in zip(applicants, APPLICANT_STATUSES, strict=True):
        _apply(Provider.objects.get(slug=slug), nacka_call, status, officer)
    oversight_load(nacka_call, officer)


def _authorized_in(municipality_slug: str) -> list[str]:
    if municipality_slug != "nacka":
        return AUTHORIZED[municipality_slug]
    generated = nacka_generated()[: -len(APPLICANT_STATUSES)]
    return ["nacka-egen-regi", "omsorgshuset", "hemtrevnad"] + [
        s for s, *_ in generated
    ]


def _call(municipality) -> Announcement:
    title, email = CALLS[municipality.slug]
    service = Service.objects.get(municipality=municipality, slug="hemtjanst")
    call, _created = Announcement.objects.update_or_create(
        service=service,
        defaults={
            "title": title,
            "description": f"{municipality.name} kommun auktoriserar anordnare av "
            "hemtjänst (service och personlig omvårdnad) enligt lagen om "
            "valfrihetssystem.",
            "rates_summary": RATES if municipality.slug == "nacka" else TROSA_RATES,
            "contact_name": "Kvalitetsenheten",
            "contact_email": email,
            "contact_phone": "08-718 80 00",
        },
    )
    if call.published_at is None:
        call.published_at = timezone.now()
        call.save(update_fields=["published_at"])
    call.areas.set(Area.objects.filter(municipality=municipality))
    return call


def _authorize(provider, call, officer) -> None:
    """Approved, contract accepted, in some areas (all for the own unit)."""
    application, _created = Application.objects.get_or_create(
        provider=provider, announcement=call, defaults={"status": "approved"}
    )
    authorization, _created = Authorization.objects.get_or_create(
        application=application,
        defaults={
            "provider": provider,
            "service": call.service,
            "valid_from": date(2026, 1, 1),
            "contract_accepted_at": timezone.now(),
        },
    )
    areas = list(call.areas.order_by("slug"))
    if provider.kind == "private" and len(areas) > 2:
        start = provider.pk % len(areas)
        areas = (areas + areas)[start : start + 2]
    authorization.areas.set(areas)
    application.areas.set(areas)
    manager_and_substitute(application)


def _apply(provider, call, status: str, officer) -> None:
    application, created = Application.objects.get_or_create(
        provider=provider, announcement=call, defaults={"status": status}
    )
    if not created:
        return
    application.areas.set(call.areas.order_by("slug")[:2])
    for condition in conditions_of(call):
        ConditionAnswer.objects.create(
            application=application,
            condition=condition,
            text="Se vår beskrivning av rutiner och bemanning.",
        )
    ExclusionDeclaration.objects.bulk_create(
        ExclusionDeclaration(application=application, ground=ground, applies=False)
        for ground in ExclusionGround.values
    )
    manager_and_substitute(application)
    for condition in conditions_of(call).filter(shown_at_authorization=True):
        demo_document(application, condition=condition)
    if status in ("completion_requested", "refused"):
        ApplicationEvent.objects.create(
            application=application,
            from_status="submitted",
            to_status=status,
            by=officer,
            note="Verksamhetsansvarig saknar två års arbetsledning.",
        )


def _condition(
    municipality, service, position, code, title, text, points, sanction, **extra
):
    at_authorization, follow_up, self_report = points
    Condition.objects.update_or_create(
        municipality=municipality,
        code=code,
        defaults={
            "service": service,
            "position": position,
            "title": title,
            "text": text,
            "shown_at_authorization": at_authorization,
            "checked_at_follow_up": follow_up,
            "self_reported": self_report,
            "sanction": sanction,
            **extra,
        },
    )
