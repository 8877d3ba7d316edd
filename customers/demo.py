"""Demo for seed_demo: the home-care intervention catalogue of every demo
municipality (service and personal care, seed 002) and a few Nacka customers."""

from django.utils import timezone

from customers.identity import normalize_identity_number
from customers.models import (
    Customer,
    DefaultProvider,
    Intervention,
    InterventionCategory,
)
from kundval.models import Area, Service
from providers.models import Provider

S, P = InterventionCategory.SERVICE, InterventionCategory.PERSONAL_CARE
CATALOGUE = [
    ("stadning", "Städning", S),
    ("tvatt", "Tvätt", S),
    ("inkop", "Inköp", S),
    ("matdistribution", "Matdistribution", S),
    ("ledsagning", "Ledsagning", P),
    ("personlig-hygien", "Personlig hygien", P),
    ("pa-och-avkladning", "På- och avklädning", P),
    ("maltider", "Hjälp vid måltider", P),
    ("tillsyn", "Tillsyn", P),
    ("avlosning", "Avlösning i hemmet", P),
]
# Test numbers in the tax agency's style; 19121212-1212 is the classic one.
CUSTOMERS = [
    ("19121212-1212", "Tolvan Tolvansson", "boo"),
    ("19350412-3286", "Greta Lindqvist", "saltsjobaden"),
    ("19410923-4460", "Karl Åberg", "fisksatra"),
]


def demo_seed() -> None:
    for service in Service.objects.filter(slug="hemtjanst"):
        for slug, name, category in CATALOGUE:
            Intervention.objects.update_or_create(
                service=service,
                slug=slug,
                defaults={"name": name, "category": category},
            )
        _default_provider(service)
    _nacka_customers()


def _default_provider(service: Service) -> None:
    """The municipality's own unit is its non-choice alternative."""
    own_unit = Provider.objects.filter(municipality=service.municipality_id).first()
    if own_unit is not None:
        DefaultProvider.objects.update_or_create(
            service=service, defaults={"provider": own_unit}
        )


def _nacka_customers() -> None:
    """Loaded by the seed, not read by anyone: no access-log rows."""
    today = timezone.localdate()
    for number, name, area_slug in CUSTOMERS:
        area = Area.objects.filter(municipality__slug="nacka", slug=area_slug).first()
        if area is None:
            continue
        Customer.objects.get_or_create(
            municipality=area.municipality,
            identity_number=normalize_identity_number(number, today=today),
            defaults={"name": name, "area": area},
        )
