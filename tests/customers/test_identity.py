"""Identity numbers: personnummer and samordningsnummer (docs/domain.md §1)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from customers.identity import (
    is_coordination_number,
    masked,
    normalize_identity_number,
)

TODAY = date(2026, 11, 24)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


def _number(born: date, serial: int, coordination: bool = False) -> str:
    """YYMMDDNNN plus the Luhn check digit."""
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    return nine + luhn.calc_check_digit(nine)


@given(born=births, serial=st.integers(0, 999), coordination=st.booleans())
def test_valid_numbers_are_stored_as_twelve_digits(born, serial, coordination):
    ten = _number(born, serial, coordination)
    stored = normalize_identity_number(f"{born.year // 100}{ten}", today=TODAY)
    assert stored == f"{born.year // 100}{ten}"
    assert is_coordination_number(stored) == coordination
    # Ten digits: "+" from the year the person turns 100, as the tax agency writes.
    separator = "+" if TODAY.year - born.year >= 100 else "-"
    short = f"{ten[:6]}{separator}{ten[6:]}"
    assert normalize_identity_number(short, today=TODAY) == stored


@given(
    born=births,
    serial=st.integers(0, 999),
    position=st.integers(0, 9),
    delta=st.integers(1, 9),
)
def test_every_one_digit_change_is_refused(born, serial, position, delta):
    ten = _number(born, serial)
    digit = (int(ten[position]) + delta) % 10
    changed = ten[:position] + str(digit) + ten[position + 1 :]
    with pytest.raises(ValidationError):
        normalize_identity_number(f"{born.year // 100}{changed}", today=TODAY)


def test_plus_means_a_hundred_or_older():
    assert normalize_identity_number("121212+1212", today=TODAY) == "191212121212"
    assert normalize_identity_number("121212-1212", today=TODAY) == "201212121212"


@pytest.mark.parametrize(
    "value,code",
    [
        ("19121212-121", "format"),
        ("1912121a-1212", "format"),
        ("19121312-1212", "date"),  # month 13
        ("19120231-1212", "date"),  # 31 February
        ("18121212-1212", "date"),  # 214 years old: a mistyped century
        (f"{TODAY + timedelta(days=1):%Y%m%d}-0000", "date"),
    ],
)
def test_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as error:
        normalize_identity_number(value, today=TODAY)
    assert error.value.code == code


def test_masked_hides_the_last_four():
    assert masked("191212121212") == "19121212-****"
