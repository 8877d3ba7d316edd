"""Swedish personal identity numbers (personnummer) and coordination numbers
(samordningsnummer, the day plus 60), docs/domain.md §1.

python-stdnum checks personnummer but not coordination numbers, so the date
rule is ours; the check digit is stdnum's Luhn. Stored as twelve digits,
YYYYMMDDNNNC, with the day as written (plus 60 for a coordination number).
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

PATTERN = re.compile(r"^(?P<century>\d{2})?(?P<ten>\d{6})(?P<sep>[-+]?)(?P<end>\d{4})$")
COORDINATION_OFFSET = 60
OLDEST_YEARS = 130  # no one alive is older; catches a mistyped century


def normalize_identity_number(value: str, *, today: date) -> str:
    """The twelve stored digits, or a ValidationError a case officer can act on.

    Ten digits take the century that makes the person younger than 100,
    unless written with "+" (100 or older), as the tax agency writes them.
    """
    match = PATTERN.match(value.strip().replace(" ", ""))
    if not match:
        raise ValidationError(
            _("Write the number as YYYYMMDD-NNNN or YYMMDD-NNNN."), code="format"
        )
    ten = match["ten"] + match["end"]
    year = _year(match["century"], int(ten[:2]), match["sep"] == "+", today)
    born = _birth_date(year, int(ten[2:4]), int(ten[4:6]))
    if born is None or born > today or today.year - born.year > OLDEST_YEARS:
        raise ValidationError(
            _("The number does not hold a possible date of birth."), code="date"
        )
    if not luhn.is_valid(ten):
        raise ValidationError(
            _("The check digit is wrong; check the number again."), code="checksum"
        )
    return f"{year:04d}{ten[2:]}"


def _year(century: str | None, two_digits: int, plus: bool, today: date) -> int:
    if century is not None:
        return int(century) * 100 + two_digits
    year = today.year - (today.year - two_digits) % 100
    return year - 100 if plus else year


def _birth_date(year: int, month: int, day: int) -> date | None:
    if day > COORDINATION_OFFSET:
        day -= COORDINATION_OFFSET
    try:
        return date(year, month, day)
    except ValueError:
        return None


def is_coordination_number(stored: str) -> bool:
    return int(stored[6:8]) > COORDINATION_OFFSET


def masked(stored: str) -> str:
    """What most pages show: the birth date, never the last four digits."""
    return f"{stored[:8]}-****"


def formatted(stored: str) -> str:
    return f"{stored[:8]}-{stored[8:]}"
