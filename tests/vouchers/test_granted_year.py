"""A year's granted and performed hours per provider and month in two
queries (issue 15): the same figures as granted_vs_performed month by month,
whatever the world, and no more queries for more customers."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import NeedDecision
from tests.factories import ServiceFactory
from tests.vouchers.test_fees import at, customer_of, served, visit
from vouchers.calendar import STOCKHOLM
from vouchers.selectors import granted_performed_by_month, granted_vs_performed

YEAR = 2026
MONTHS = [date(YEAR, m, 1) for m in range(1, 13)]


def by_month(world, provider=None, year=YEAR):
    return granted_performed_by_month(
        municipality_id=world["nacka"].pk,
        year=year,
        provider_id=provider.pk if provider else None,
    )


def month_by_month(world, provider=None):
    """The reference: granted_vs_performed's provider totals, a month at a
    time, as the quality report read them before."""
    found = {}
    for month in MONTHS:
        figures = granted_vs_performed(
            municipality_id=world["nacka"].pk,
            month=month,
            provider_id=provider.pk if provider else None,
        )
        for total in figures.providers:
            found[total.provider_id, month] = (total.granted, total.performed)
    return found


def something(found):
    """Missing means zero: leave out the months with nothing."""
    return {key: hours for key, hours in found.items() if any(hours)}


# Worked examples


def test_proration_across_the_year_and_a_switch_of_provider(world):
    customer = world["customer"]
    choice = served(
        world,
        customer,
        world["first"],
        starts_on=date(YEAR, 3, 16),
        ends_on=date(YEAR, 6, 10),
        hours="31",
        decision_from=date(YEAR - 1, 6, 1),
    )
    choice.decision.choices.create(
        provider=world["second"],
        starts_on=date(YEAR, 6, 11),
        status="accepted",
        ordered_by=world["officer"],
    )
    first, second = world["first"].pk, world["second"].pk
    found = by_month(world)
    assert found[first, date(YEAR, 3, 1)] == (Decimal("16"), 0)
    assert found[first, date(YEAR, 4, 1)] == (Decimal("31"), 0)
    # 31 h x 10 of 30 days, and the rest to the second provider.
    assert found[first, date(YEAR, 6, 1)] == (Decimal("10.33"), 0)
    assert found[second, date(YEAR, 6, 1)] == (Decimal("20.67"), 0)
    assert found[second, date(YEAR, 12, 1)] == (Decimal("31"), 0)
    assert (first, date(YEAR, 2, 1)) not in found
    assert (second, date(YEAR, 5, 1)) not in found
    assert found == something(month_by_month(world))


def test_performed_counts_the_years_visits_by_their_stockholm_start(world):
    choice = served(
        world, world["customer"], world["first"], starts_on=date(2025, 1, 1)
    )
    visit(world, choice, at(date(2025, 12, 31), 23, 30), 60)  # the year before
    visit(world, choice, at(date(YEAR, 1, 1), 0, 30), 90)
    visit(world, choice, at(date(YEAR, 3, 31), 23), 120)  # across midnight
    visit(world, choice, at(date(YEAR, 3, 3), 9), 60, approved=False)
    visit(world, choice, at(date(YEAR, 3, 4), 9), 60, cancelled=date(YEAR, 4, 1))
    visit(world, choice, at(date(YEAR, 12, 31), 23), 45)
    visit(world, choice, at(date(YEAR + 1, 1, 1), 0, 15), 60)  # the year after
    first = world["first"].pk
    found = by_month(world)
    assert found[first, date(YEAR, 1, 1)] == (Decimal("20"), Decimal("1.5"))
    assert found[first, date(YEAR, 3, 1)] == (Decimal("20"), Decimal("2"))
    assert found[first, date(YEAR, 12, 1)] == (Decimal("20"), Decimal("0.75"))
    assert found == something(month_by_month(world))


def test_several_decisions_are_rounded_once_per_customer(world):
    """36.66 x 15 + 49.18 x 15 + 43.85 x 18 hour-days over February's 28
    days are 74.175 h exactly: 74.18, not the 74.17 that summing three
    divisions (each cut at 28 digits) would give."""
    february = date(YEAR, 2, 1)
    for hours, starts_on in [("36.66", 1), ("49.18", 14), ("43.85", 11)]:
        served(
            world,
            world["customer"],
            world["first"],
            starts_on=february.replace(day=starts_on),
            ends_on=february.replace(day=15 if starts_on == 1 else 28),
            hours=hours,
        )
    key = (world["first"].pk, february)
    assert by_month(world)[key] == (Decimal("74.18"), 0)
    assert month_by_month(world)[key] == (Decimal("74.18"), 0)


def test_one_provider_and_one_municipality_only(world):
    trosa = world["trosa_officer"].memberships.get().municipality
    served(world, world["customer"], world["first"], starts_on=date(YEAR, 1, 1))
    served(world, customer_of(world, "Annan"), world["second"], starts_on=MONTHS[0])
    served(
        world,
        customer_of(world, "I Trosa", municipality=trosa),
        world["first"],
        starts_on=MONTHS[0],
        hours="99",
    )
    only_first = by_month(world, world["first"])
    assert {provider for provider, _month in only_first} == {world["first"].pk}
    assert set(only_first.values()) == {(Decimal("20"), 0)}
    assert len(by_month(world)) == 24
    assert by_month(world, year=YEAR - 1) == {}


@pytest.mark.parametrize("customers", [1, 12])
def test_two_queries_whatever_the_number_of_customers(
    world, customers, django_assert_max_num_queries
):
    for n in range(customers):
        provider = world["first"] if n % 2 else world["second"]
        choice = served(
            world, customer_of(world, f"K{n}"), provider, starts_on=date(YEAR, 2, n + 1)
        )
        visit(world, choice, at(date(YEAR, 3, 2), 9), 60)
    with django_assert_max_num_queries(2):
        found = by_month(world)
    assert sum(performed for _granted, performed in found.values()) == customers


# Property: equal to the month-by-month sums in any small world


@dataclass(frozen=True)
class DrawnVisit:
    starts_at: datetime
    minutes: int
    approved: bool
    cancelled: bool


@dataclass(frozen=True)
class DrawnChoice:
    provider: int
    starts_on: date
    ends_on: date | None
    accepted: bool
    visits: list[DrawnVisit]


@dataclass(frozen=True)
class DrawnDecision:
    customer: int
    service: int
    hours: Decimal
    starts_on: date
    ends_on: date | None
    status: str
    choices: list[DrawnChoice]


EDGES = [
    date(YEAR - 1, 12, 31),
    date(YEAR, 1, 1),
    date(YEAR, 12, 31),
    date(YEAR + 1, 1, 1),
]
DAYS = st.dates(date(YEAR - 1, 11, 1), date(YEAR + 1, 2, 28))
VISITS = st.builds(
    DrawnVisit,
    starts_at=st.builds(
        lambda day, minute: (
            datetime.combine(day, datetime.min.time(), STOCKHOLM)
            + timedelta(minutes=minute)
        ),
        # Mostly two busy months, so that customers meet at a provider;
        # the year's edges; any day.
        st.one_of(
            st.dates(date(YEAR, 2, 1), date(YEAR, 3, 31)),
            st.sampled_from(EDGES),
            st.dates(date(YEAR - 1, 12, 31), date(YEAR + 1, 1, 1)),
        ),
        st.integers(0, 24 * 60 - 1),
    ),
    minutes=st.integers(1, 24 * 60),
    approved=st.integers(0, 3).map(bool),
    cancelled=st.integers(0, 3).map(lambda n: n == 0),
)


@st.composite
def drawn_choices(draw) -> list[DrawnChoice]:
    """One to three choices of one decision, one after the other (a decision
    has one provider at a time), some ending mid-month, some open."""
    choices, starts_on = [], draw(DAYS)
    for _ in range(draw(st.integers(1, 3))):
        length = draw(st.none() | st.integers(0, 250))
        ends_on = None if length is None else starts_on + timedelta(days=length)
        choices.append(
            DrawnChoice(
                provider=draw(st.integers(0, 1)),
                starts_on=starts_on,
                ends_on=ends_on,
                accepted=draw(st.integers(0, 4)) > 0,
                visits=draw(st.lists(VISITS, max_size=4)),
            )
        )
        if ends_on is None:
            break
        starts_on = ends_on + timedelta(days=draw(st.integers(1, 60)))
    return choices


@st.composite
def drawn_decision(draw) -> DrawnDecision:
    starts_on = draw(DAYS)
    length = draw(st.none() | st.integers(0, 400))
    return DrawnDecision(
        customer=draw(st.integers(0, 3)),
        service=draw(st.integers(0, 1)),
        hours=draw(st.decimals(Decimal("0.01"), Decimal("400"), places=2)),
        starts_on=starts_on,
        ends_on=None if length is None else starts_on + timedelta(days=length),
        status=draw(st.sampled_from(["decided", "decided", "ended", "draft"])),
        choices=draw(drawn_choices()),
    )


@pytest.fixture
def cast(world):
    """Three customers of Nacka and one of Trosa, two services of Nacka."""
    trosa = world["trosa_officer"].memberships.get().municipality
    return {
        "customers": [customer_of(world, name) for name in ("Ett", "Två", "Tre")]
        + [customer_of(world, "I Trosa", municipality=trosa)],
        "services": [
            world["service"],
            ServiceFactory(municipality=world["nacka"], slug="ledsagning"),
        ],
        "providers": [world["first"], world["second"]],
    }


def build(world, cast, decisions: list[DrawnDecision]) -> None:
    for drawn in decisions:
        decision = NeedDecision.objects.create(
            customer=cast["customers"][drawn.customer],
            service=cast["services"][drawn.service],
            hours_per_month=drawn.hours,
            starts_on=drawn.starts_on,
            ends_on=drawn.ends_on,
            status=drawn.status,
        )
        for made in drawn.choices:
            choice = decision.choices.create(
                provider=cast["providers"][made.provider],
                starts_on=made.starts_on,
                ends_on=made.ends_on,
                status="accepted" if made.accepted else "ordered",
                ordered_by=world["officer"],
            )
            for v in made.visits:
                visit(
                    world,
                    choice,
                    v.starts_at,
                    v.minutes,
                    approved=v.approved,
                    cancelled=date(YEAR + 1, 1, 1) if v.cancelled else None,
                )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    decisions=st.lists(drawn_decision(), min_size=1, max_size=6),
    # A few decisions of two customers, two services, one provider and one
    # month (February), and their visits, so that rows sum and round per
    # customer and service.
    crowded=st.lists(
        st.tuples(
            st.integers(0, 1),  # customer
            st.integers(0, 1),  # service
            st.decimals(Decimal("0.01"), Decimal("99"), places=2),
            st.integers(1, 28),  # first day
            st.integers(0, 27),  # days more
            st.lists(st.integers(1, 600), max_size=3),  # visits' minutes
        ),
        max_size=5,
    ),
)
def test_equal_to_granted_vs_performed_month_by_month(world, cast, decisions, crowded):
    with transaction.atomic():
        build(world, cast, decisions)
        for customer, service, hours, start, days, visits in crowded:
            choice = served(
                world,
                cast["customers"][customer],
                cast["providers"][1],
                starts_on=date(YEAR, 2, start),
                ends_on=date(YEAR, 2, min(start + days, 28)),
                hours=str(hours),
                service=cast["services"][service],
            )
            for hour, minutes in enumerate(visits):
                visit(world, choice, at(date(YEAR, 2, start), hour), minutes)
        for provider in [None, *cast["providers"]]:
            assert something(by_month(world, provider)) == something(
                month_by_month(world, provider)
            )
        transaction.set_rollback(True)
