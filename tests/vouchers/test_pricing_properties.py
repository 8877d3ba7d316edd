"""Band splitting and pricing hold for any visit (Hypothesis): segments add
up to the visit's real duration, also across daylight-saving changes;
splitting a visit in two changes the total by rounding at most; a longer
visit never pays less. And a settlement (SQL) pays exactly what the Python
pricing says, visit by visit, also with a band paid per visit."""

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.vouchers.conftest import at, month_start, visit_row
from vouchers.demo import NACKA_BANDS
from vouchers.models import BandWindow, Rate, Settlement, TimeBand, Unit, Visit
from vouchers.models.rates import DEFAULT_MAJOR_HOLIDAYS
from vouchers.settlement.pricing import (
    paid_total,
    price_segments,
    rates_of,
    tariff_spec,
)
from vouchers.settlement.run import settlement_run
from vouchers.settlement.timeline import (
    BandSpec,
    TariffSpec,
    WindowSpec,
    build_timeline,
)

YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
HALF_ORE = Decimal("0.005")


def nacka_spec() -> tuple[TariffSpec, dict[int, Decimal]]:
    """Nacka's tariff as plain data (private rates), without the database."""
    bands, rates = [], {}
    for band_id, (name, row) in enumerate(NACKA_BANDS.items(), start=1):
        position, category, majors, windows, _municipal, private = row
        bands.append(
            BandSpec(
                id=band_id,
                name=name,
                position=position,
                unit="hour",
                category=category,
                major_holidays=majors,
                windows=tuple(WindowSpec(frozenset(d), s, e) for d, s, e in windows),
            )
        )
        rates[band_id] = Decimal(private)
    rules = tuple(
        (h, datetime.min.time().replace(hour=18), datetime.min.time().replace(hour=7))
        for h in DEFAULT_MAJOR_HOLIDAYS
    )
    return TariffSpec(id=1, bands=tuple(bands), major_holiday_rules=rules), rates


SPEC, RATES = nacka_spec()
TIMELINES = {
    category: build_timeline(
        SPEC, category, YEAR_START.date(), datetime(2027, 1, 2).date()
    )
    for category in ("personal_care", "service")
}


def price(category, start, end):
    return price_segments(SPEC, RATES, TIMELINES[category], start, end)


categories = st.sampled_from(["personal_care", "service"])
starts = st.integers(0, 364 * 24 * 3600).map(
    lambda s: YEAR_START + timedelta(seconds=s)
)
durations = st.integers(1, 24 * 3600).map(lambda s: timedelta(seconds=s))
# Around both daylight-saving changes of 2026 (29 March and 25 October, 01:00 UTC).
dst_starts = st.sampled_from(
    [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)]
).flatmap(
    lambda change: st.integers(-6 * 3600, 3600).map(
        lambda s: change + timedelta(seconds=s)
    )
)


@given(categories, starts, durations)
def test_segments_add_up_to_the_visit(category, start, duration):
    segments = price(category, start, start + duration)
    assert sum(s.seconds for s in segments) == duration.total_seconds()


@given(categories, dst_starts, st.integers(3600, 8 * 3600))
def test_across_daylight_saving_a_visit_lasts_its_real_duration(
    category, start, seconds
):
    segments = price(category, start, start + timedelta(seconds=seconds))
    assert sum(s.seconds for s in segments) == seconds


def test_a_visit_from_01_30_to_03_30_on_the_spring_change_lasts_one_hour():
    segments = price("personal_care", at(2026, 3, 29, 1, 30), at(2026, 3, 29, 3, 30))
    assert [(s.seconds, s.amount) for s in segments] == [(3600, Decimal("390.00"))]


@given(categories, starts, durations, st.floats(0.01, 0.99))
def test_splitting_a_visit_changes_the_total_by_rounding_at_most(
    category, start, duration, fraction
):
    end = start + duration
    middle = start + timedelta(seconds=int(duration.total_seconds() * fraction))
    if not start < middle < end:
        return
    whole, first, second = (
        price(category, start, end),
        price(category, start, middle),
        price(category, middle, end),
    )
    difference = abs(paid_total(whole) - paid_total(first) - paid_total(second))
    assert difference <= HALF_ORE * (len(whole) + len(first) + len(second))


@given(categories, starts, durations, st.integers(1, 3 * 3600))
def test_a_longer_visit_never_pays_less(category, start, duration, more):
    shorter = paid_total(price(category, start, start + duration))
    longer = paid_total(
        price(category, start, start + duration + timedelta(seconds=more))
    )
    assert longer >= shorter


# Any second (and microsecond) of November, up to a whole day: visits over
# many pieces, and ends a fraction of a second into a piece.
visits = st.lists(
    st.tuples(
        categories,
        st.integers(0, 30 * 24 * 3600 - 1).map(
            lambda s: at(2026, 11, 1) + timedelta(seconds=s)
        ),
        st.integers(1, 24 * 3600 * 10**6).map(lambda us: timedelta(microseconds=us)),
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.django_db
@pytest.mark.parametrize("night_per_visit", [False, True])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(visits=visits)
def test_a_settlement_pays_what_the_python_pricing_says(
    world, tariff, accepted, night_per_visit, visits
):
    Settlement.objects.all().delete()
    Visit.objects.all().delete()
    if night_per_visit and not tariff.bands.filter(unit=Unit.VISIT).exists():
        # Weekday nights, which Nacka does not pay, at 260 SEK a visit.
        night = TimeBand.objects.create(
            tariff=tariff, name="Natt", unit=Unit.VISIT, position=99
        )
        BandWindow.objects.create(
            band=night, days=list(range(7)), starts_at=time(22), ends_at=time(7)
        )
        Rate.objects.create(band=night, provider_kind="private", amount=260)
    spec, rates = tariff_spec(tariff), rates_of(tariff, "private")
    expected = Decimal("0.00")
    for category, start, duration in visits:
        visit_row(accepted, start, start + duration, category=category)
        timeline = build_timeline(
            spec,
            category,
            start.date() - timedelta(days=1),
            (start + duration).date() + timedelta(days=1),
        )
        expected += paid_total(
            price_segments(spec, rates, timeline, start, start + duration)
        )
    settlement_run(
        municipality_id=world["nacka"].pk, month=month_start(at(2026, 11, 1))
    )
    assert Settlement.objects.get(provider=world["first"]).total == expected
