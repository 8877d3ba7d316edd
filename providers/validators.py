"""How a provider is identified: an organisation number, or for a sole trader
(enskild firma) the owner's personnummer (docs/domain.md §1)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.se import personnummer

from kundval.validators import ascii_digits

# First digit of an organisation number: 5 limited company, 7 economic
# association, 8 non-profit association or foundation, 9 partnership.
PRIVATE_LEGAL_FORMS = {"5", "7", "8", "9"}
PUBLIC_BODY = "2"


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch not in " -+")


def normalize_provider_number(value: str, *, municipal: bool = False) -> str:
    """Ten digits for an organisation, twelve for a sole trader's personnummer.

    Raises ValidationError with a message a person can act on.
    """
    digits = _digits(value.strip())
    if not ascii_digits(digits):
        raise ValidationError(
            _("Use digits only, as NNNNNN-NNNN or YYYYMMDD-NNNN."), code="not_digits"
        )
    if len(digits) == 12:
        return _sole_trader(digits, municipal=municipal)
    if len(digits) != 10:
        raise ValidationError(
            _(
                "An organisation number has ten digits; "
                "a sole trader's personnummer twelve."
            ),
            code="length",
        )
    return _organisation(digits, municipal=municipal)


def _sole_trader(digits: str, *, municipal: bool) -> str:
    if municipal or not personnummer.is_valid(digits):
        raise ValidationError(
            _("This is not a valid personnummer (YYYYMMDD-NNNN)."), code="invalid_pnr"
        )
    return digits


def _organisation(digits: str, *, municipal: bool) -> str:
    if not luhn.is_valid(digits):
        raise ValidationError(
            _("The check digit is wrong: please check the number."), code="checksum"
        )
    if int(digits[2:4]) < 20:
        raise ValidationError(
            _("This looks like a personnummer: a sole trader gives all twelve digits."),
            code="personnummer_as_orgnr",
        )
    allowed = {PUBLIC_BODY} if municipal else PRIVATE_LEGAL_FORMS
    if digits[0] not in allowed:
        raise ValidationError(
            _("The organisation number is not that of a company or association.")
            if not municipal
            else _("A municipality's organisation number begins with 2."),
            code="legal_form",
        )
    return digits
