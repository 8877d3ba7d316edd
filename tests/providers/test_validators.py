"""A provider's number: organisation number or a sole trader's personnummer."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from providers.validators import normalize_provider_number

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def orgnr(first: str, month: int, rest: str) -> str:
    body = f"{first}{rest[0]}{month:02d}{rest[1:]}"
    return body + luhn.calc_check_digit(body)


rest6 = st.text(alphabet="0123456789", min_size=6, max_size=6)


@given(first=st.sampled_from("5789"), month=st.integers(20, 99), rest=rest6)
def test_company_numbers_pass_with_or_without_hyphen(first, month, rest):
    number = orgnr(first, month, rest)
    assert normalize_provider_number(number) == number
    assert normalize_provider_number(f"{number[:6]}-{number[6:]}") == number


@given(
    first=st.sampled_from("5789"),
    month=st.integers(20, 99),
    rest=rest6,
    delta=st.integers(1, 9),
)
def test_bad_check_digit_fails(first, month, rest, delta):
    number = orgnr(first, month, rest)
    wrong = number[:-1] + str((int(number[-1]) + delta) % 10)
    with pytest.raises(ValidationError) as raised:
        normalize_provider_number(wrong)
    assert raised.value.code == "checksum"


@given(first=st.sampled_from("012346"), month=st.integers(20, 99), rest=rest6)
def test_other_legal_forms_are_refused_for_private_providers(first, month, rest):
    with pytest.raises(ValidationError) as raised:
        normalize_provider_number(orgnr(first, month, rest))
    assert raised.value.code == "legal_form"


def test_municipal_unit_needs_a_public_body_number():
    assert normalize_provider_number("212000-0167", municipal=True) == "2120000167"
    with pytest.raises(ValidationError):
        normalize_provider_number("212000-0167")


@pytest.mark.parametrize(
    "value,code",
    [
        ("55660-1234", "length"),
        ("5566012345678", "length"),
        ("55660A-1234", "not_digits"),
        ("abc", "not_digits"),
        ("450312-1230", "personnummer_as_orgnr"),  # a 10-digit personnummer
    ],
)
def test_malformed_numbers_fail_with_a_reason(value, code):
    with pytest.raises(ValidationError) as raised:
        normalize_provider_number(value)
    assert raised.value.code == code


def test_sole_trader_gives_twelve_digit_personnummer():
    assert normalize_provider_number("19450312-1230") == "194503121230"
    with pytest.raises(ValidationError):
        normalize_provider_number("19450312-1231")  # wrong check digit
    with pytest.raises(ValidationError):
        normalize_provider_number("19451332-1230")  # no 32nd of the 13th month
