"""The manager (verksamhetsansvarig) qualification of Nacka's home-care
condition (Nacka's authorization conditions, docs/domain.md §9), computed
from dated periods.

Experience counts in full-time days: a period at 50 % counts half. Periods
that overlap never count more than full time on any day, so a job listed
twice, or two half-time jobs at once, count as one full-time job.
"""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

DAYS_PER_YEAR = Decimal("365.25")
REQUIRED_YEARS = Decimal(2)
CARE_WORK_WINDOW_YEARS = 10
YH_CREDITS_REQUIRED = 400


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None  # None: still going on
    percent: int  # of full time, 1–100

    def clipped(self, first: date, last: date) -> "Period | None":
        start, end = max(self.start, first), min(self.end or last, last)
        return Period(start, end, self.percent) if start <= end else None


@dataclass(frozen=True)
class Requirement:
    label: str
    met: bool
    figure: str  # what the reviewer reads: "2.35 years of 2"


def full_time_days(periods: list[Period]) -> Decimal:
    """Full-time days in `periods` (clipped, so all have an end), each day
    counted at most once (100 %)."""
    changes: dict[date, int] = {}
    for period in periods:
        changes[period.start] = changes.get(period.start, 0) + period.percent
        after = period.end + timedelta(days=1)
        changes[after] = changes.get(after, 0) - period.percent
    total = Decimal(0)
    level = 0
    days = sorted(changes)
    for day, next_day in itertools.pairwise(days):
        level += changes[day]
        total += Decimal(min(level, 100) * (next_day - day).days) / 100
    return total


def years(days: Decimal) -> Decimal:
    return (days / DAYS_PER_YEAR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def care_work_years(periods: list[Period], *, as_of: date) -> Decimal:
    """Full-time years of care work within the ten years up to `as_of`."""
    first = as_of.replace(year=as_of.year - CARE_WORK_WINDOW_YEARS) + timedelta(days=1)
    return years(full_time_days(_clip(periods, first, as_of)))


def _clip(periods: list[Period], first: date, last: date) -> list[Period]:
    clipped = [period.clipped(first, last) for period in periods]
    return [period for period in clipped if period]


def manager_requirements(
    *,
    care_work: list[Period],
    supervising: list[Period],
    education_years: Decimal,
    yh_credits: int,
    education_abroad: bool,
    validated_by_uhr: bool,
    fluent_swedish: bool,
    as_of: date,
) -> list[Requirement]:
    """Each requirement of the condition, met or not, with its figures."""
    care = care_work_years(care_work, as_of=as_of)
    lead = years(full_time_days(_clip(supervising, date.min, as_of)))
    educated = education_years >= REQUIRED_YEARS or yh_credits >= YH_CREDITS_REQUIRED
    return [
        Requirement(
            _("Two years of post-secondary care education or 400 YH credits"),
            educated,
            _("%(years)s years, %(credits)s YH credits")
            % {"years": number_format(education_years, 1), "credits": yh_credits},
        ),
        Requirement(
            _("Two years of full-time care work within the last ten years"),
            care >= REQUIRED_YEARS,
            _("%(years)s years of 2") % {"years": number_format(care, 2)},
        ),
        Requirement(
            _("Two years supervising staff and operations"),
            lead >= REQUIRED_YEARS,
            _("%(years)s years of 2") % {"years": number_format(lead, 2)},
        ),
        Requirement(
            _("Education from abroad validated by UHR"),
            validated_by_uhr or not education_abroad,
            _uhr_figure(education_abroad, validated_by_uhr),
        ),
        Requirement(
            _("Fluent Swedish in speech and writing"),
            fluent_swedish,
            _("yes") if fluent_swedish else _("no"),
        ),
    ]


def _uhr_figure(education_abroad: bool, validated_by_uhr: bool) -> str:
    if not education_abroad:
        return _("not needed")
    return _("validated") if validated_by_uhr else _("not validated")
