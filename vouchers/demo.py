"""Demo tariffs: Nacka's voucher table, with the weekend band from Friday
19:00, and Trosa's one rate with its supplements for external providers
(docs/domain.md §3). Idempotent: keyed on names."""

from calendar import monthrange
from datetime import date, time, timedelta
from decimal import Decimal
from random import Random

from django.db import connection, transaction
from django.utils import timezone

from customers.selectors import accepted_choices
from kundval.models import Municipality, Service
from providers.models import ProviderKind, ProviderMembership
from vouchers.calendar import local
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
    Visit,
    VisitSource,
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
        _demo_visits()


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


def _demo_visits() -> None:
    """Last month's performed time for every accepted choice in Nacka and
    Trosa, so the finance officer has a month to settle: twelve visits each,
    mostly weekday mornings, some evenings and weekends, nearly all approved.
    Skipped if the month already has visits (idempotent)."""
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    last = first.replace(day=monthrange(first.year, first.month)[1])
    # The customers were just bulk-inserted: without statistics the planner
    # nests loops over this join and the query takes minutes.
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE customers_choice, customers_needdecision, customers_customer"
        )
    choices = (
        accepted_choices(starts_by=first, lasts_until=last)
        .filter(decision__customer__municipality__slug__in=["nacka", "trosa"])
        .select_related("decision__customer")
    )
    if Visit.objects.filter(settle_month=first, choice__in=choices).exists():
        return
    reporters = dict(
        ProviderMembership.objects.order_by("-pk").values_list("provider_id", "user_id")
    )
    rng = Random(2026)  # noqa: S311 (demo data, not secrets)
    Visit.objects.bulk_create(
        visit
        for choice in choices
        for visit in _visits_of(choice, first, last, reporters, rng)
    )


def _visits_of(choice, first: date, last: date, reporters: dict, rng: Random):
    decision = choice.decision
    for _n in range(12):
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        hour = rng.choice([7, 8, 8, 9, 10, 13, 16, 19, 20])
        starts_at = local(day, time(hour, rng.choice([0, 15, 30])))
        yield Visit(
            choice=choice,
            municipality_id=decision.customer.municipality_id,
            service_id=decision.service_id,
            provider_id=choice.provider_id,
            customer_id=decision.customer_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=rng.choice([30, 45, 45, 60, 90])),
            category=rng.choice(["personal_care", "personal_care", "service"]),
            staff=f"P{rng.randint(1, 12)}",
            approved_at=None if rng.random() < 0.03 else starts_at,
            settle_month=first,
            source=VisitSource.API,
            reported_by_id=reporters.get(choice.provider_id, choice.ordered_by_id),
        )
