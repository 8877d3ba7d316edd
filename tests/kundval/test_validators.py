"""Organisation numbers of municipalities: ten digits, Luhn, legal form 2."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from kundval.validators import validate_municipal_orgnr

nine_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


def _with_check_digit(first: str, rest: str) -> str:
    body = first + rest
    return body + luhn.calc_check_digit(body)


@given(rest=nine_digits)
def test_public_body_numbers_with_right_check_digit_pass(rest):
    number = _with_check_digit("2", rest)
    validate_municipal_orgnr(number)
    validate_municipal_orgnr(f"{number[:6]}-{number[6:]}")


@given(rest=nine_digits, position=st.integers(0, 9), delta=st.integers(1, 9))
def test_any_single_wrong_digit_fails(rest, position, delta):
    number = _with_check_digit("2", rest)
    wrong = str((int(number[position]) + delta) % 10)
    mutated = number[:position] + wrong + number[position + 1 :]
    with pytest.raises(ValidationError):
        validate_municipal_orgnr(mutated)


@given(first=st.sampled_from("5789"), rest=nine_digits)
def test_companies_and_associations_are_not_municipalities(first, rest):
    with pytest.raises(ValidationError) as raised:
        validate_municipal_orgnr(_with_check_digit(first, rest))
    assert raised.value.code == "not_public_body"


@pytest.mark.parametrize("value", ["", "212000", "21200001677", "2120OO0167"])
def test_malformed_numbers_fail(value):
    with pytest.raises(ValidationError):
        validate_municipal_orgnr(value)
