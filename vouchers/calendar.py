"""The calendar the time bands run on (docs/domain.md §2): public holidays and
eves from the `holidays` package, and the major-holiday (storhelg) windows a
municipality's rules generate for a year. Times are Europe/Stockholm wall
clock; the windows come back as aware datetimes."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter

from vouchers.models.rates import MajorHoliday

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Public holidays and the eves treated like them (midsummer, Christmas
    and New Year's Eve), without the plain Sundays `holidays` adds by default."""
    sweden = holidays.Sweden(
        years=year,
        include_sundays=False,
        categories=(holidays.PUBLIC, holidays.DE_FACTO),
    )
    return frozenset(sweden)


def is_public_holiday(day: date) -> bool:
    return day in public_holidays(day.year)


def major_holiday_days(holiday: str, year: int) -> tuple[date, date]:
    """The first and last day of a major holiday in a year."""
    if holiday == MajorHoliday.EASTER:
        easter_day = easter(year)
        return easter_day - timedelta(days=2), easter_day + timedelta(days=1)
    if holiday == MajorHoliday.WHITSUN:
        whit_sunday = easter(year) + timedelta(days=49)
        return whit_sunday - timedelta(days=1), whit_sunday
    if holiday == MajorHoliday.MIDSUMMER:
        # Midsummer Day is the Saturday from 20 to 26 June.
        june_20 = date(year, 6, 20)
        midsummer_day = june_20 + timedelta(days=(5 - june_20.weekday()) % 7)
        return midsummer_day - timedelta(days=1), midsummer_day
    if holiday == MajorHoliday.CHRISTMAS:
        return date(year, 12, 24), date(year, 12, 26)
    if holiday == MajorHoliday.NEW_YEAR:
        return date(year, 12, 31), date(year + 1, 1, 1)
    raise ValueError(f"Unknown major holiday: {holiday}")


def local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=STOCKHOLM)


def major_holiday_windows(
    rules: Iterable[tuple[str, time, time]], first: date, last: date
) -> list[tuple[datetime, datetime]]:
    """The windows of `rules` (holiday, from the day before, until the day
    after) that touch the days `first`..`last`, sorted."""
    windows = []
    for holiday, starts_at, ends_at in rules:
        for year in range(first.year - 1, last.year + 1):
            first_day, last_day = major_holiday_days(holiday, year)
            start = local(first_day - timedelta(days=1), starts_at)
            end = local(last_day + timedelta(days=1), ends_at)
            if start < local(last + timedelta(days=1), time()) and end > local(
                first, time()
            ):
                windows.append((start, end))
    return sorted(windows)


def working_days_after(day: date, count: int) -> date:
    """The `count`th working day after `day`: Saturdays, Sundays, public
    holidays and the eves treated like them do not count (a deadline of
    "two working days")."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and not is_public_holiday(day):
            count -= 1
    return day
