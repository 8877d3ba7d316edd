"""When a customer's personal data must be erased (gallring), as pure rules.

SoL 12 kap. 1 §: the data in a social services file is erased five years
after the last entry, and the erasure is done within the calendar year that
follows. Here the last entry is the end of the customer's last need decision
or choice (or the registration, if there is neither), so a file is due from
1 January of the year after the five years ran out and must be gone by 31
December of that year. Socialtjänstförordningen 7 kap. 2 §: the files of
people born on the 5th, 15th and 25th of a month are kept for research.

The selector (customers.selectors.retention) asks the database the same
question through `ended_before`; the tests check that both agree.
"""

from collections.abc import Iterable
from datetime import date

from customers.identity import COORDINATION_OFFSET

YEARS_KEPT = 5
RESEARCH_DAYS = (5, 15, 25)


def erasure_due_on(last_end: date) -> date:
    """The first day the file may be erased: 1 January of the calendar
    year after the one in which the five years ran out."""
    return date(last_end.year + YEARS_KEPT + 1, 1, 1)


def erasure_deadline(last_end: date) -> date:
    """The last day by which the file must be erased."""
    return date(last_end.year + YEARS_KEPT + 1, 12, 31)


def file_due_on(ends: Iterable[date | None], *, registered: date) -> date | None:
    """When a file whose decisions and choices end on `ends` is due; None
    (never, as things stand) if one of them has no end."""
    ends = list(ends)
    if None in ends:
        return None
    return erasure_due_on(max([registered, *ends]))


def ended_before(on: date) -> date:
    """On `on`, the files due are those whose last end (and registration)
    came before this day: `erasure_due_on` read backwards, for a query."""
    return date(on.year - YEARS_KEPT, 1, 1)


def born_on_research_day(identity_number: str) -> bool:
    """Is the person (twelve stored digits) born on the 5th, 15th or 25th?"""
    day = int(identity_number[6:8])
    if day > COORDINATION_OFFSET:
        day -= COORDINATION_OFFSET
    return day in RESEARCH_DAYS


def research_number_pattern() -> str:
    """A regular expression matching the stored numbers of the people
    `born_on_research_day` names, for a query."""
    days = [*RESEARCH_DAYS, *(d + COORDINATION_OFFSET for d in RESEARCH_DAYS)]
    return r"^[0-9]{6}(" + "|".join(f"{d:02d}" for d in days) + ")"
