"""Staff continuity (followup.selectors.continuity) on small worlds counted by
hand, and against a plain Python reading of Socialstyrelsen's definition
(docs/continuity.md)."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import cycle
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from customers.services import customer_erase
from followup.selectors import (
    BUCKETS,
    NATIONAL,
    staff_continuity,
    staff_continuity_from,
    staff_continuity_of_municipality,
)
from tests.customers.conftest import choose, decided, new_customer, world  # noqa: F401
from tests.factories import MunicipalityFactory, ServiceFactory
from vouchers.calendar import STOCKHOLM
from vouchers.models import Visit, VisitSource

UTC = ZoneInfo("UTC")
MARCH = date(2026, 3, 1)  # winter time; summer time begins on the 29th
JULY = date(2026, 7, 1)  # summer time
JANUARY = date(2026, 1, 1)  # winter time
TWICE = ((8, 0), (17, 0))


def number(born: date, serial: int = 123, *, coordination: bool = False) -> str:
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    return f"{born:%Y}{nine[2:6]}-{nine[6:]}{luhn.calc_check_digit(nine)}"


def person(world, born: date, serial=123, *, coordination=False):  # noqa: F811
    """A customer born on `born`, with a choice of Första AB."""
    customer = new_customer(world, number(born, serial, coordination=coordination))
    return choose(world, world["first"], decision=decided(world, customer))


def visit(choice, moment: datetime, staff: str, *, provider=None, **fields) -> Visit:
    decision = choice.decision
    row = {
        "municipality": decision.customer.municipality,
        "service": decision.service,
        "settle_month": moment.astimezone(STOCKHOLM).date().replace(day=1),
        **fields,
    }
    return Visit(
        choice=choice,
        provider=provider or choice.provider,
        customer_id=decision.customer_id,
        starts_at=moment,
        ends_at=moment + timedelta(minutes=30),
        category="personal_care",
        staff=staff,
        source=VisitSource.API,
        reported_by=choice.ordered_by,
        **row,
    )


def daily(choice, month: date, staff, *, days=range(14), clocks=TWICE, **kwargs):
    """Visits on the given days of the month (0: the first) at `clocks`
    Stockholm time, by the staff of `staff` in turn."""
    staff = cycle(staff)
    return Visit.objects.bulk_create(
        visit(choice, at(month, day, hour, minute), next(staff), **kwargs)
        for day in days
        for hour, minute in clocks
    )


def at(month: date, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(
        month + timedelta(days=day), time(hour, minute), tzinfo=STOCKHOLM
    )


def counts(continuity) -> list[int]:
    return [bucket.customers for bucket in continuity.distribution]


def test_a_customer_meeting_three_staff(world):  # noqa: F811
    choice = person(world, date(1950, 5, 17))
    daily(choice, MARCH, ["Anna", "Bo", "Cilla"])

    continuity = staff_continuity(provider_id=world["first"].pk, month=MARCH)

    assert (continuity.customers, continuity.median) == (1, Decimal(3))
    assert counts(continuity) == [1, 0, 0, 0, 0]
    assert [b.label for b in continuity.distribution] == [
        "1–5",
        "6–10",
        "11–15",
        "16–20",
        "21+",
    ]
    assert continuity.national == NATIONAL
    assert (NATIONAL.median, NATIONAL.year) == (Decimal("14.9"), 2021)


def test_visits_before_seven_and_from_ten_in_the_evening_are_left_out(world):  # noqa: F811
    choice = person(world, date(1950, 5, 17))
    daily(choice, MARCH, ["Anna", "Bo"])
    daily(choice, MARCH, ["Early"], days=[3], clocks=[(6, 59)])
    daily(choice, MARCH, ["Late"], days=[4], clocks=[(22, 0)])
    daily(choice, MARCH, ["Seven"], days=[5], clocks=[(7, 0)])
    daily(choice, MARCH, ["Ten"], days=[6], clocks=[(21, 59)])
    # Two visits a day only if those at 06:59 and 22:00 counted.
    late = person(world, date(1940, 1, 2), serial=456)
    daily(late, MARCH, ["Anna"], clocks=[(6, 59), (12, 0), (22, 0)])

    continuity = staff_continuity(provider_id=world["first"].pk, month=MARCH)

    assert (continuity.customers, continuity.median) == (1, Decimal(4))


def test_customers_without_two_visits_every_day_are_left_out(world):  # noqa: F811
    once = person(world, date(1950, 5, 17))
    daily(once, MARCH, ["Anna", "Bo"], clocks=[(9, 0)])
    missing_a_day = person(world, date(1945, 2, 3), serial=456)
    daily(missing_a_day, MARCH, ["Anna", "Bo"], days=range(13))
    one_day_once = person(world, date(1944, 4, 4), serial=789)
    daily(one_day_once, MARCH, ["Anna"], days=range(13))
    daily(one_day_once, MARCH, ["Anna"], days=[13], clocks=[(9, 0)])
    daily(person(world, date(1943, 6, 6), serial=111), MARCH, ["Cilla", "Dan"])

    continuity = staff_continuity(provider_id=world["first"].pk, month=MARCH)

    assert (continuity.customers, continuity.median) == (1, Decimal(2))


def test_only_customers_aged_65_on_the_first_of_the_month_count(world):  # noqa: F811
    turned_65_that_day = person(world, date(1961, 3, 1))
    coordination_65 = person(world, date(1961, 3, 1), 456, coordination=True)
    born_in_february = person(world, date(1961, 2, 28), 789)
    a_day_short = person(world, date(1961, 3, 2), 111)
    a_day_short_coordination = person(world, date(1961, 3, 2), 222, coordination=True)
    erased = person(world, date(1930, 1, 1), 333)
    staff = {
        turned_65_that_day: ["A"],
        coordination_65: ["A", "B"],
        born_in_february: ["A", "B", "C"],
        a_day_short: ["A", "B", "C", "D"],
        a_day_short_coordination: ["A", "B", "C", "D", "E"],
        erased: ["A", "B", "C", "D", "E", "F"],
    }
    for choice, names in staff.items():
        daily(choice, MARCH, names)
    customer_erase(customer_id=erased.decision.customer_id, on=date(2026, 4, 1))

    continuity = staff_continuity(provider_id=world["first"].pk, month=MARCH)

    assert (continuity.customers, continuity.median) == (3, Decimal(2))


def test_the_hours_are_stockholm_time_in_summer_and_in_winter(world):  # noqa: F811
    choice = person(world, date(1950, 5, 17))
    for month in (JANUARY, JULY):
        daily(choice, month, ["Anna", "Bo"])
        third = datetime.combine(month + timedelta(days=2), time(), tzinfo=UTC)
        # 05:30 UTC is 07:30 in summer, 06:30 in winter; 20:30 UTC is
        # 22:30 in summer, 21:30 in winter.
        Visit.objects.bulk_create(
            [
                visit(choice, third.replace(hour=5, minute=30), "Morning"),
                visit(choice, third.replace(hour=20, minute=30), "Evening"),
                visit(choice, third.replace(hour=20, minute=45), "Night"),
            ]
        )
    provider = world["first"].pk

    january = staff_continuity(provider_id=provider, month=JANUARY)
    july = staff_continuity(provider_id=provider, month=JULY)

    assert (january.median, july.median) == (Decimal(4), Decimal(3))


def test_the_window_is_the_first_14_days_of_the_month_in_stockholm(world):  # noqa: F811
    choice = person(world, date(1950, 5, 17))
    daily(choice, JULY, ["Anna", "Bo"])
    # 23:30 on 30 June and 00:30 on 15 July: outside, and outside the hours.
    # 21:30 on 30 June and 07:00 on 15 July: inside the hours, not the days.
    daily(choice, JULY, ["June"], days=[-1], clocks=[(21, 30), (23, 30)])
    daily(choice, JULY, ["Fifteenth"], days=[14], clocks=[(0, 30), (7, 0)])
    daily(choice, JULY, ["Fourteenth"], days=[13], clocks=[(21, 59)])

    continuity = staff_continuity(provider_id=world["first"].pk, month=JULY)

    assert continuity.median == Decimal(3)


def test_cancelled_visits_and_visits_without_staff_are_left_out(world):  # noqa: F811
    choice = person(world, date(1950, 5, 17))
    daily(choice, MARCH, ["Anna", "Bo"])
    daily(choice, MARCH, ["Paid back"], days=[2], cancelled_month=date(2026, 4, 1))
    # No staff id on one day's visits: not two known visits that day.
    unknown = person(world, date(1940, 1, 2), serial=456)
    daily(unknown, MARCH, ["Anna", "Bo"], days=range(13))
    daily(unknown, MARCH, [""], days=[13])

    continuity = staff_continuity(provider_id=world["first"].pk, month=MARCH)

    assert (continuity.customers, continuity.median) == (1, Decimal(2))


def test_median_and_distribution_over_several_customers(world):  # noqa: F811
    for serial, met in enumerate((2, 7, 22, 12)):
        choice = person(world, date(1940, 1, 2), serial=serial)
        daily(choice, MARCH, [f"S{i}" for i in range(met)])

    continuity = staff_continuity(provider_id=world["first"].pk, month=MARCH)

    assert (continuity.customers, continuity.median) == (4, Decimal("9.5"))
    assert counts(continuity) == [1, 1, 1, 0, 1]


def test_every_provider_of_a_municipality_in_one_query(
    world,  # noqa: F811
    django_assert_num_queries,
):
    first, second = world["first"], world["second"]
    daily(person(world, date(1940, 1, 2)), MARCH, ["A", "B", "C"])
    daily(person(world, date(1940, 1, 2), 456), MARCH, ["A"], provider=second)
    # Visits in another municipality are not Nacka's.
    vaxholm = MunicipalityFactory(name="Vaxholm")
    elsewhere = person(world, date(1941, 1, 2), 789)
    daily(
        elsewhere,
        MARCH,
        ["X"],
        provider=world["elsewhere"],
        municipality=vaxholm,
        service=ServiceFactory(municipality=vaxholm),
    )

    with django_assert_num_queries(1):
        rows = staff_continuity_of_municipality(
            municipality_id=world["nacka"].pk, month=MARCH
        )

    assert {p: (c.customers, c.median) for p, c in rows.items()} == {
        first.pk: (1, Decimal(3)),
        second.pk: (1, Decimal(1)),
    }
    own = staff_continuity_from(rows, provider_id=world["own"].pk, month=MARCH)
    assert (own.customers, own.median, counts(own)) == (0, None, [0] * 5)
    assert staff_continuity(provider_id=first.pk, month=MARCH) == rows[first.pk]


def test_a_month_is_its_first_day(world):  # noqa: F811
    with pytest.raises(ValueError):
        staff_continuity(provider_id=world["first"].pk, month=date(2026, 3, 2))


# The definition read plainly, one visit at a time, for the property test.


@dataclass(frozen=True)
class Drawn:
    customer: int
    provider: int
    day: int  # from the first of the month; -1 is the day before
    hour: int
    minute: int
    staff: str


def reference(drawn, births, month: date) -> dict[int, tuple[int, Decimal]]:
    born_by = month.replace(year=month.year - 65)
    visits_a_day = defaultdict(lambda: defaultdict(int))
    staff_met = defaultdict(set)
    for v in drawn:
        counts_day = 0 <= v.day < 14 and 7 <= v.hour < 22
        if counts_day and v.staff and births[v.customer] <= born_by:
            visits_a_day[v.provider, v.customer][v.day] += 1
            staff_met[v.provider, v.customer].add(v.staff)
    met_by_provider = defaultdict(list)
    for (provider, customer), days in visits_a_day.items():
        if all(days[d] >= 2 for d in range(14)):
            met_by_provider[provider].append(len(staff_met[provider, customer]))
    return {
        p: (len(met), Decimal(str(statistics.median(met))))
        for p, met in met_by_provider.items()
    }


BIRTHS = (date(1940, 1, 2), date(1961, 3, 1), date(1961, 7, 2), date(1950, 12, 31))
CLOCKS = st.sampled_from([(6, 59), (7, 0), (12, 0), (21, 59), (22, 0), (23, 30)])
STAFF = st.sampled_from(["", "A", "B", "C", "D", "E"])
DAYS = st.integers(-1, 14)


@st.composite
def twice_a_day(draw, customer: int, provider: int) -> list[Drawn]:
    """Two counted visits on each day of the window, by staff from a pool of
    1 to 25, then perhaps one of them moved in time, day or staff: so that
    some customers count, and some only just fail to."""
    pool = draw(st.integers(1, 25))
    visits = [
        Drawn(customer, provider, day, hour, 0, f"S{draw(st.integers(1, pool))}")
        for day in range(14)
        for hour in (8, 17)
    ]
    if draw(st.booleans()):
        moved = draw(st.integers(0, len(visits) - 1))
        hour, minute = draw(CLOCKS)
        visits[moved] = Drawn(customer, provider, draw(DAYS), hour, minute, draw(STAFF))
    return visits


@st.composite
def drawn_visits(draw) -> list[Drawn]:
    """Each customer's visits: twice a day at one provider or not, and a few
    more at either provider, at any time, by anyone."""
    visits = []
    for customer in range(len(BIRTHS)):
        if draw(st.booleans()):
            visits += draw(twice_a_day(customer, draw(st.integers(0, 1))))
        for _ in range(draw(st.integers(0, 6))):
            hour, minute = draw(CLOCKS)
            provider, day, staff = draw(st.integers(0, 1)), draw(DAYS), draw(STAFF)
            visits.append(Drawn(customer, provider, day, hour, minute, staff))
    return visits


@pytest.fixture
def people(world):  # noqa: F811
    return [person(world, born, serial=serial) for serial, born in enumerate(BIRTHS)]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(drawn=drawn_visits(), month=st.sampled_from([MARCH, JULY, date(2026, 10, 1)]))
def test_the_selector_agrees_with_the_definition_read_plainly(
    world,  # noqa: F811
    people,
    drawn,
    month,
):
    Visit.objects.all().delete()
    providers = [world["first"], world["second"]]
    Visit.objects.bulk_create(
        visit(
            people[v.customer],
            at(month, v.day, v.hour, v.minute),
            v.staff,
            provider=providers[v.provider],
        )
        for v in drawn
    )

    rows = staff_continuity_of_municipality(
        municipality_id=world["nacka"].pk, month=month
    )

    expected = reference(drawn, BIRTHS, month)
    assert {
        index: (rows[p.pk].customers, rows[p.pk].median)
        for index, p in enumerate(providers)
        if p.pk in rows
    } == expected
    for continuity in rows.values():
        assert sum(counts(continuity)) == continuity.customers
        assert len(continuity.distribution) == len(BUCKETS)
