"""Demo for seed_demo: the home-care intervention catalogue of every demo
municipality (service and personal care, as Nacka prices them), its default provider,
three named Nacka customers without decisions, for the browser tests to
decide on, and (customers.demo_volumes) the volumes of a real municipality."""

from django.utils import timezone

from customers.demo_people import CUSTOMERS
from customers.demo_volumes import VOLUMES, volumes_load
from customers.identity import normalize_identity_number
from customers.models import (
    Customer,
    DefaultProvider,
    Intervention,
)
from kundval.models import Area, InterventionCategory, Service
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


def demo_seed(*, volumes: bool = True) -> None:
    """Without volumes (seed_demo --no-volumes, for the tests that need only
    the catalogue and the named customers) the generated customers are left out."""
    for service in Service.objects.filter(slug="hemtjanst"):
        for slug, name, category in CATALOGUE:
            Intervention.objects.update_or_create(
                service=service,
                slug=slug,
                defaults={"name": name, "category": category},
            )
        _default_provider(service)
    _nacka_customers()
    if not volumes:
        return
    for service in Service.objects.filter(
        slug="hemtjanst", municipality__slug__in=VOLUMES
    ).select_related("municipality", "default_provider__provider"):
        volumes_load(service)


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
