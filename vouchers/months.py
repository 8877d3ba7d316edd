"""Settlement months: which month a moment belongs to, when a month locks,
and the first month still open for a provider.

A month locks on a set day of the next month (`SettlementTerms.lock_day`,
default 5), or earlier when the finance officer has approved (or exported)
the provider's settlement for it. Time reported or changed for a locked
month is paid as a correction in the first open month after it, so a paid
settlement is never changed afterwards.

Every month a person or a system gives (forms, ?manad=, the APIs, the settle
command) is read by month_parse, which keeps it within EARLIEST..LATEST so
the date arithmetic after it (the next month, a month's last moment in UTC)
can never leave the calendar.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from vouchers.calendar import STOCKHOLM
from vouchers.models import Settlement, SettlementStatus, SettlementTerms

DEFAULT_LOCK_DAY = 5
CLOSED = (SettlementStatus.APPROVED, SettlementStatus.EXPORTED)
# Settlements are approved at most a few months ahead; this only guards the
# loop in open_month against bad data.
LONGEST_SEARCH = 120
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 1)


def month_parse(text: str) -> date:
    """The first day of the month `text` names as YYYY-MM, from 2000-01 to
    2099-12; ValueError with a message a person can act on otherwise."""
    try:
        month = datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise ValueError(_("Give the month as YYYY-MM.")) from None
    if not EARLIEST <= month <= LATEST:
        raise ValueError(
            _("Give a month from %(first)s to %(last)s.")
            % {"first": f"{EARLIEST:%Y-%m}", "last": f"{LATEST:%Y-%m}"}
        )
    return month


def month_of(moment: datetime) -> date:
    """The first day of the Stockholm-local month `moment` falls in."""
    return moment.astimezone(STOCKHOLM).date().replace(day=1)


def next_month(month: date) -> date:
    if month.month == 12:
        return date(month.year + 1, 1, 1)
    return date(month.year, month.month + 1, 1)


def lock_day(municipality_id: int) -> int:
    terms = SettlementTerms.objects.filter(municipality_id=municipality_id)
    day = terms.values_list("lock_day", flat=True).first()
    return day or DEFAULT_LOCK_DAY


def month_locked(
    *, municipality_id: int, provider_id: int, month: date, today: date | None = None
) -> bool:
    """Locked when today is after the lock day of the following month, or
    when the provider's settlement of the month is approved or exported."""
    today = today or timezone.localdate()
    if today > next_month(month).replace(day=lock_day(municipality_id)):
        return True
    return _closed_settlement(municipality_id, provider_id, month)


def open_month(
    *, municipality_id: int, provider_id: int, month: date, today: date | None = None
) -> date:
    """The first month from `month` on that is not locked: where time of
    `month` reported today is paid."""
    today = today or timezone.localdate()
    month = month.replace(day=1)
    day = lock_day(municipality_id)
    # The date rule first (no query), then the closed settlements from there.
    while today > next_month(month).replace(day=day):
        month = next_month(month)
    closed = set(
        Settlement.objects.filter(
            municipality_id=municipality_id,
            provider_id=provider_id,
            month__gte=month,
            status__in=CLOSED,
        ).values_list("month", flat=True)
    )
    for _step in range(LONGEST_SEARCH):
        if month not in closed:
            return month
        month = next_month(month)
    raise ValueError(f"No open month for provider {provider_id} from {month}.")


def _closed_settlement(municipality_id: int, provider_id: int, month: date) -> bool:
    return Settlement.objects.filter(
        municipality_id=municipality_id,
        provider_id=provider_id,
        month=month.replace(day=1),
        status__in=CLOSED,
    ).exists()
