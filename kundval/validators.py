"""Validators for identifiers (Swedish numbers, ids) used across apps."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

# First digit of an organisation number: the legal form (docs/domain.md §1).
LEGAL_FORM_PUBLIC_BODY = "2"


def normalize_orgnr(value: str) -> str:
    """Ten digits with no separator, or ValidationError."""
    try:
        return orgnr.validate(value)
    except StdnumError:
        raise ValidationError(
            _("Enter a valid organisation number: ten digits, NNNNNN-NNNN."),
            code="invalid_orgnr",
        ) from None


def validate_municipal_orgnr(value: str) -> None:
    number = normalize_orgnr(value)
    if number[0] != LEGAL_FORM_PUBLIC_BODY:
        raise ValidationError(
            _("A municipality's organisation number begins with 2."),
            code="not_public_body",
        )


def ascii_digits(text: str) -> bool:
    """Only 0-9. str.isdigit() also accepts "²" and other scripts' digits,
    which int() then refuses or reads as another number."""
    return text.isascii() and text.isdigit()
