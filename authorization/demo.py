"""Demo call for seed_demo: Nacka's general conditions and the home-care
manager condition (seed 001), and the call for Nacka home care (seed 002)."""

from django.utils import timezone

from authorization.models import Announcement, Condition, Sanction
from kundval.models import Area, Municipality, Service

W, WR = Sanction.WARNING, Sanction.WARNING_OR_REVOCATION

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

RATES = (
    "Ersättning per utförd timme (kommunal/privat anordnare): måndag–fredag 06–19 "
    "293/310 kr; måndag–torsdag 19–22 324/342 kr; fredag kväll, lördag–söndag och "
    "storhelg 369/390 kr; serviceinsatser 246/263 kr."
)


def demo_seed() -> None:
    nacka = Municipality.objects.get(slug="nacka")
    home_care = Service.objects.get(municipality=nacka, slug="hemtjanst")
    for position, (code, title, text, points, sanction) in enumerate(GENERAL):
        _condition(nacka, None, position, code, title, text, points, sanction)
    _condition(
        nacka, home_care, 0, "hemtjanst-verksamhetsansvarig",
        "Verksamhetsansvarig och ledning", MANAGER, (True, True, False), WR,
    )  # fmt: skip
    announcement, _created = Announcement.objects.update_or_create(
        service=home_care,
        defaults={
            "title": "Kundval hemtjänst i Nacka",
            "description": "Nacka kommun auktoriserar anordnare av hemtjänst "
            "(service och personlig omvårdnad) enligt lagen om valfrihetssystem.",
            "rates_summary": RATES,
            "contact_name": "Sociala kvalitetsenheten",
            "contact_email": "kvalitetsenheten@nacka.example.se",
            "contact_phone": "08-718 80 00",
        },
    )
    if announcement.published_at is None:
        announcement.published_at = timezone.now()
        announcement.save(update_fields=["published_at"])
    announcement.areas.set(Area.objects.filter(municipality=nacka))


def _condition(municipality, service, position, code, title, text, points, sanction):
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
        },
    )
