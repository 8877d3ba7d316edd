"""Manager qualification: overlapping and part-time periods (docs/domain.md §9)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from authorization.qualification import (
    Period,
    care_work_years,
    full_time_days,
    manager_requirements,
)

AS_OF = date(2026, 11, 24)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 11, 24))


@st.composite
def periods(draw):
    start = draw(days)
    end = draw(st.dates(min_value=start, max_value=date(2026, 11, 24)))
    return Period(start, end, draw(st.integers(1, 100)))


@given(period=periods())
def test_one_period_counts_its_days_at_its_percentage(period):
    length = (period.end - period.start).days + 1
    assert full_time_days([period]) == Decimal(length * period.percent) / 100


@given(period=periods())
def test_listing_a_full_time_period_twice_counts_it_once(period):
    full = Period(period.start, period.end, 100)
    assert full_time_days([full, full]) == full_time_days([full])


@given(period=periods(), cut=st.integers(0, 10_000))
def test_splitting_a_period_changes_nothing(period, cut):
    length = (period.end - period.start).days
    split = period.start + timedelta(days=cut % (length + 1))
    if split == period.end:
        return
    pieces = [
        Period(period.start, split, period.percent),
        Period(split + timedelta(days=1), period.end, period.percent),
    ]
    assert full_time_days(pieces) == full_time_days([period])


@given(many=st.lists(periods(), max_size=6))
def test_never_more_than_full_time_over_the_calendar(many):
    if not many:
        return
    first = min(p.start for p in many)
    last = max(p.end for p in many)
    assert full_time_days(many) <= (last - first).days + 1


def test_two_half_time_jobs_at_once_are_one_full_time_job():
    a = Period(date(2020, 1, 1), date(2021, 12, 31), 50)
    b = Period(date(2020, 1, 1), date(2021, 12, 31), 50)
    assert full_time_days([a, b]) == full_time_days([Period(a.start, a.end, 100)])


def test_only_the_last_ten_years_of_care_work_count():
    old = Period(date(2010, 1, 1), date(2015, 12, 31), 100)
    recent = Period(date(2024, 11, 25), date(2025, 11, 24), 100)
    assert care_work_years([old], as_of=AS_OF) == Decimal("0.00")
    assert care_work_years([old, recent], as_of=AS_OF) == Decimal("1.00")


def test_requirements_with_figures():
    requirements = manager_requirements(
        care_work=[Period(date(2020, 1, 1), None, 50)],  # ongoing, half time
        supervising=[Period(date(2018, 1, 1), date(2019, 12, 31), 100)],
        education_years=Decimal(0),
        yh_credits=400,
        education_abroad=True,
        validated_by_uhr=False,
        fluent_swedish=True,
        as_of=AS_OF,
    )
    met = [r.met for r in requirements]
    assert met == [True, True, True, False, True]
    assert str(requirements[1].figure).startswith("3,45")  # 6.9 years at 50 %, Swedish
