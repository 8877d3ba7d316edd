"""The retention rule (customers/retention.py, docs/retention.md): five years
after the file's last end, erased within the following calendar year; the
5th, 15th and 25th kept for research."""

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from customers.retention import (
    born_on_research_day,
    ended_before,
    erasure_deadline,
    erasure_due_on,
    file_due_on,
    research_number_pattern,
)

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def _plus_five_years(day: date) -> date:
    try:
        return day.replace(year=day.year + 5)
    except ValueError:  # 29 February
        return date(day.year + 5, 3, 1)


@given(last_end=days)
def test_due_in_the_calendar_year_after_five_years(last_end):
    five_years = _plus_five_years(last_end)
    due, deadline = erasure_due_on(last_end), erasure_deadline(last_end)
    assert (due.month, due.day) == (1, 1)
    assert due.year == five_years.year + 1
    assert five_years < due <= deadline == date(due.year, 12, 31)


@given(last_end=days, on=days)
def test_the_query_cutoff_says_the_same_as_the_rule(last_end, on):
    assert (erasure_due_on(last_end) <= on) == (last_end < ended_before(on))


def test_the_boundaries():
    assert erasure_due_on(date(2020, 1, 1)) == date(2026, 1, 1)
    assert erasure_due_on(date(2020, 12, 31)) == date(2026, 1, 1)
    assert erasure_deadline(date(2020, 12, 31)) == date(2026, 12, 31)
    assert ended_before(date(2026, 1, 1)) == date(2021, 1, 1)
    assert ended_before(date(2025, 12, 31)) == date(2020, 1, 1)


@given(
    ends=st.lists(st.one_of(st.none(), days), max_size=5),
    registered=days,
)
def test_an_open_decision_or_choice_keeps_the_file(ends, registered):
    due = file_due_on(ends, registered=registered)
    if None in ends:
        assert due is None
    else:
        assert due == erasure_due_on(max([registered, *ends]))


@given(ends=st.lists(days, min_size=1, max_size=5), later=days, registered=days)
def test_a_later_end_never_brings_erasure_closer(ends, later, registered):
    before = file_due_on(ends, registered=registered)
    after = file_due_on([*ends, later], registered=registered)
    assert after >= before
    assert (after == before) == (erasure_due_on(later) <= before)


def _stored(born: date, serial: int, coordination: bool) -> str:
    day = born.day + (60 if coordination else 0)
    return f"{born:%Y%m}{day:02d}{serial:04d}"


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 12, 31)),
    serial=st.integers(0, 9999),
    coordination=st.booleans(),
)
def test_research_days_by_number_and_by_pattern(born, serial, coordination):
    stored = _stored(born, serial, coordination)
    research = born.day in (5, 15, 25)
    assert born_on_research_day(stored) is research
    assert bool(re.match(research_number_pattern(), stored)) is research


def test_research_days_examples():
    assert born_on_research_day("194505150000")
    assert born_on_research_day("194505750000")  # coordination number, the 15th
    assert not born_on_research_day("194505160000")
    # May (05) is a month, not a day: born 1 May.
    assert not born_on_research_day("194505010000")
    assert not re.match(research_number_pattern(), "194505010000")
