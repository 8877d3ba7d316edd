"""The municipalities' voucher tables reproduced to the öre: Nacka's four
bands for municipal and private providers, and Trosa's 305 SEK with +28 SEK
and 1.3 % for external providers (docs/domain.md §3). Each case is priced
twice: by the Python pricing and by a settlement of the month (the SQL)."""

from decimal import Decimal

import pytest

from customers.models import ChoiceStatus
from customers.services import choice_transition
from tests.customers.conftest import choose, decided, new_customer
from tests.vouchers.conftest import A_YEAR_AGO, at, month_start, visit_row
from vouchers.demo import TROSA_BANDS, TROSA_SUPPLEMENTS, tariff_load
from vouchers.models import LineKind, Settlement
from vouchers.settlement.pricing import paid_total, rates_of, tariff_spec, visit_price
from vouchers.settlement.run import settlement_run

pytestmark = pytest.mark.django_db

# (case, start, end, category) → (municipal, private)
NACKA_CASES = [
    (
        "weekday morning",
        at(2026, 11, 16, 8),
        at(2026, 11, 16, 9),
        "personal_care",
        "293.00",
        "310.00",
    ),
    (
        "across 19:00",
        at(2026, 11, 16, 18, 30),
        at(2026, 11, 16, 19, 30),
        "personal_care",
        "308.50",
        "326.00",
    ),
    (
        "weekday night is in no band",
        at(2026, 11, 17, 23),
        at(2026, 11, 18, 0),
        "personal_care",
        "0.00",
        "0.00",
    ),
    (
        "Friday evening",
        at(2026, 11, 20, 19),
        at(2026, 11, 20, 20),
        "personal_care",
        "369.00",
        "390.00",
    ),
    (
        "Friday across 19:00",
        at(2026, 11, 20, 18),
        at(2026, 11, 20, 20),
        "personal_care",
        "662.00",
        "700.00",
    ),
    (
        "Saturday",
        at(2026, 11, 21, 10),
        at(2026, 11, 21, 11),
        "personal_care",
        "369.00",
        "390.00",
    ),
    (
        "service on a weekday",
        at(2026, 11, 17, 10),
        at(2026, 11, 17, 11),
        "service",
        "246.00",
        "263.00",
    ),
    (
        "service on Sunday night",
        at(2026, 11, 22, 23),
        at(2026, 11, 23, 0, 30),
        "service",
        "369.00",
        "394.50",
    ),
    (
        "Christmas Day",
        at(2026, 12, 25, 10),
        at(2026, 12, 25, 11),
        "personal_care",
        "369.00",
        "390.00",
    ),
    (
        "23 December before 18:00",
        at(2026, 12, 23, 16),
        at(2026, 12, 23, 17),
        "personal_care",
        "293.00",
        "310.00",
    ),
    (
        "23 December across 18:00",
        at(2026, 12, 23, 17),
        at(2026, 12, 23, 19),
        "personal_care",
        "662.00",
        "700.00",
    ),
    (
        "Maundy Thursday across 18:00",
        at(2026, 4, 2, 17),
        at(2026, 4, 2, 19),
        "personal_care",
        "662.00",
        "700.00",
    ),
    (
        "the Tuesday after Easter, until 07:00",
        at(2026, 4, 7, 6),
        at(2026, 4, 7, 8),
        "personal_care",
        "662.00",
        "700.00",
    ),
    (
        "Ascension Day, a Thursday",
        at(2026, 5, 14, 10),
        at(2026, 5, 14, 11),
        "personal_care",
        "369.00",
        "390.00",
    ),
    (
        "20 minutes on a weekday",
        at(2026, 11, 16, 8),
        at(2026, 11, 16, 8, 20),
        "personal_care",
        "97.67",
        "103.33",
    ),
]


def accepted_choice(world, provider, user, number):
    customer = new_customer(world, number, "Kund")
    decision = decided(world, customer, starts_on=A_YEAR_AGO)
    choice = choose(world, provider, decision=decision)
    return choice_transition(user=user, choice=choice, to=ChoiceStatus.ACCEPTED)


@pytest.fixture
def choices(world, tariff):
    return {
        "municipal": accepted_choice(
            world, world["own"], world["own_user"], "19400101-0000"
        ),
        "private": accepted_choice(
            world, world["first"], world["first_user"], "19400102-0009"
        ),
    }


@pytest.mark.parametrize("kind", ["municipal", "private"])
@pytest.mark.parametrize(
    ("case", "start", "end", "category", "municipal", "private"),
    NACKA_CASES,
    ids=[case[0] for case in NACKA_CASES],
)
def test_nacka_table_to_the_ore(
    world, tariff, choices, kind, case, start, end, category, municipal, private
):
    expected = Decimal(municipal if kind == "municipal" else private)
    segments = visit_price(
        tariff_spec(tariff), rates_of(tariff, kind), category, start, end
    )
    assert paid_total(segments) == expected

    choice = choices[kind]
    visit_row(choice, start, end, category=category)
    settlement_run(municipality_id=world["nacka"].pk, month=month_start(start))
    settlement = Settlement.objects.filter(provider=choice.provider).first()
    settled = settlement.total if settlement else Decimal("0.00")
    assert settled == expected


def test_nacka_visit_across_bands_gives_one_line_per_band(world, tariff, choices):
    visit_row(choices["private"], at(2026, 11, 16, 18, 30), at(2026, 11, 16, 19, 30))
    visit_row(choices["private"], at(2026, 11, 16, 8), at(2026, 11, 16, 9, 30))
    settlement_run(
        municipality_id=world["nacka"].pk, month=month_start(at(2026, 11, 1))
    )
    lines = Settlement.objects.get(provider=world["first"]).lines.order_by("pk")
    assert [(x.label, x.quantity, x.rate, x.amount) for x in lines] == [
        ("Måndag–fredag 06–19", Decimal("2.00"), Decimal("310"), Decimal("620.00")),
        ("Måndag–torsdag 19–22", Decimal("0.50"), Decimal("342"), Decimal("171.00")),
    ]


@pytest.fixture
def trosa_tariff(world):
    tariff = tariff_load(world["service"], "Trosa", TROSA_BANDS, TROSA_SUPPLEMENTS)
    tariff.valid_from = A_YEAR_AGO
    tariff.save()
    return tariff


def test_trosa_305_plus_28_and_1_3_percent_for_an_external_provider(
    world, trosa_tariff
):
    choice = accepted_choice(
        world, world["first"], world["first_user"], "19400102-0009"
    )
    visit_row(choice, at(2026, 11, 16, 8), at(2026, 11, 16, 9))
    visit_row(choice, at(2026, 11, 21, 22), at(2026, 11, 21, 23, 30))
    settlement_run(
        municipality_id=world["nacka"].pk, month=month_start(at(2026, 11, 1))
    )
    settlement = Settlement.objects.get(provider=world["first"])
    lines = [
        (x.kind, x.label, x.quantity, x.amount) for x in settlement.lines.order_by("pk")
    ]
    # 2.5 h × 305 = 762.50; 2.5 h × 28 = 70.00; 1.3 % of 832.50 = 10.82 (10.8225).
    assert lines == [
        (LineKind.BAND, "Utförd timme", Decimal("2.50"), Decimal("762.50")),
        (
            LineKind.SUPPLEMENT,
            "Overhead och moms, externa utförare",
            Decimal("2.50"),
            Decimal("70.00"),
        ),
        (LineKind.SUPPLEMENT, "Momskompensation", Decimal("832.50"), Decimal("10.82")),
    ]
    assert settlement.total == Decimal("843.32")


def test_trosa_own_unit_gets_305_without_supplements(world, trosa_tariff):
    choice = accepted_choice(world, world["own"], world["own_user"], "19400101-0000")
    visit_row(choice, at(2026, 11, 16, 8), at(2026, 11, 16, 9))
    settlement_run(
        municipality_id=world["nacka"].pk, month=month_start(at(2026, 11, 1))
    )
    settlement = Settlement.objects.get(provider=world["own"])
    assert settlement.total == Decimal("305.00")
    assert settlement.lines.count() == 1
