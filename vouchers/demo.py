"""Demo tariffs: Nacka's voucher table, with the weekend band from Friday
19:00, and Trosa's one rate with its supplements for external providers
(docs/domain.md §3). Idempotent: keyed on names. With volumes, the
performed time of the demo choices (vouchers.demo_visits)."""

from datetime import date, time
from decimal import Decimal

from django.db import transaction

from kundval.models import Municipality, Service
from providers.models import ProviderKind
from vouchers.demo_visits import visits_seed
from vouchers.models import (
    BandWindow,
    FeeSchedule,
    MajorHolidayRule,
    Rate,
    SettlementTerms,
    Supplement,
    SupplementKind,
    Tariff,
    TimeBand,
    Unit,
)
from vouchers.models.rates import DEFAULT_MAJOR_HOLIDAYS, HOLIDAY

MIDNIGHT = time(0)
WEEKDAYS = [0, 1, 2, 3, 4]
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6, HOLIDAY]
TARIFF_START = date(2026, 1, 1)

# name → (position, category, major holidays, windows, municipal, private)
NACKA_BANDS = {
    "Måndag–fredag 06–19": (10, "", False, [(WEEKDAYS, time(6), time(19))], 293, 310),
    "Måndag–torsdag 19–22": (
        20,
        "",
        False,
        [([0, 1, 2, 3], time(19), time(22))],
        324,
        342,
    ),
    "Fredag kväll, lördag–söndag, storhelger": (
        0,
        "",
        True,
        [([4], time(19), MIDNIGHT), ([5, 6, HOLIDAY], MIDNIGHT, MIDNIGHT)],
        369,
        390,
    ),
    "Service (alla tider)": (
        0,
        "service",
        False,
        [(EVERY_DAY, MIDNIGHT, MIDNIGHT)],
        246,
        263,
    ),
}
TROSA_BANDS = {
    "Utförd timme": (0, "", False, [(EVERY_DAY, MIDNIGHT, MIDNIGHT)], 305, 305),
}
TROSA_SUPPLEMENTS = [
    ("Overhead och moms, externa utförare", SupplementKind.PER_HOUR, Decimal("28")),
    ("Momskompensation", SupplementKind.PERCENT, Decimal("1.3")),
]
# The municipalities' documents give no fee per hour: a demo figure.
DEMO_HOURLY_FEE = Decimal("350")


@transaction.atomic
def demo_seed(*, volumes: bool = True) -> None:
    for municipality in Municipality.objects.filter(slug__in=["nacka", "trosa"]):
        calendar_load(municipality)
    for slug, bands, supplements in [
        ("nacka", NACKA_BANDS, []),
        ("trosa", TROSA_BANDS, TROSA_SUPPLEMENTS),
    ]:
        service = Service.objects.filter(municipality__slug=slug, slug="hemtjanst")
        if service.exists():
            tariff_load(service.get(), "Hemtjänst 2026", bands, supplements)
    if volumes:
        visits_seed()


def calendar_load(municipality: Municipality) -> None:
    for holiday in DEFAULT_MAJOR_HOLIDAYS:
        MajorHolidayRule.objects.get_or_create(
            municipality=municipality, holiday=holiday
        )
    SettlementTerms.objects.get_or_create(municipality=municipality)
    FeeSchedule.objects.get_or_create(
        municipality=municipality,
        valid_from=TARIFF_START,
        defaults={"hourly_fee": DEMO_HOURLY_FEE},
    )


def tariff_load(
    service: Service,
    name: str,
    bands: dict,
    supplements: list,
    valid_from: date = TARIFF_START,
) -> Tariff:
    """Create a tariff from the tables above (tests use it too); an existing
    one of that name is left as it is."""
    tariff, created = Tariff.objects.get_or_create(
        service=service, name=name, defaults={"valid_from": valid_from}
    )
    if not created:
        return tariff
    for band_name, (
        position,
        category,
        majors,
        windows,
        municipal,
        private,
    ) in bands.items():
        band = TimeBand.objects.create(
            tariff=tariff,
            name=band_name,
            position=position,
            unit=Unit.HOUR,
            category=category,
            major_holidays=majors,
        )
        for days, starts_at, ends_at in windows:
            BandWindow.objects.create(
                band=band, days=days, starts_at=starts_at, ends_at=ends_at
            )
        Rate.objects.create(
            band=band, provider_kind=ProviderKind.MUNICIPAL, amount=municipal
        )
        Rate.objects.create(
            band=band, provider_kind=ProviderKind.PRIVATE, amount=private
        )
    for supplement_name, kind, value in supplements:
        Supplement.objects.create(
            tariff=tariff,
            name=supplement_name,
            provider_kind=ProviderKind.PRIVATE,
            kind=kind,
            value=value,
        )
    return tariff
