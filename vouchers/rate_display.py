"""How the tariff pages show a tariff: a band's windows as the
municipalities' tables show them ("Mon-Fri 06:00-19:00"), the provider kinds
with the municipal rate first, and whether a tariff is current, next or
past. The rows themselves are read by vouchers.selectors.tariffs."""

from datetime import date
from itertools import groupby

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from providers.models import ProviderKind
from vouchers.models import Tariff
from vouchers.models.rates import HOLIDAY

# As the municipalities' own tables: the municipal rate first.
KINDS = sorted(ProviderKind.choices, key=lambda kind: kind[0] != ProviderKind.MUNICIPAL)
SHORT_DAYS = [
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
]


def days_label(days) -> str:
    """Mon-Fri, Sat-Sun, public holidays and eves (dashes: en dashes)."""
    weekdays = sorted(day for day in days if day < HOLIDAY)
    parts = []
    if len(weekdays) == 7:
        parts.append(_("every day"))
    else:
        runs = groupby(enumerate(weekdays), key=lambda item: item[1] - item[0])
        for _key, run in runs:
            run = [day for _index, day in run]
            first, last = SHORT_DAYS[run[0]], SHORT_DAYS[run[-1]]
            parts.append(str(first) if len(run) == 1 else f"{first}–{last}")
    if HOLIDAY in days:
        parts.append(_("public holidays and eves"))
    return ", ".join(str(part) for part in parts)


def window_label(window) -> str:
    """Mon-Fri 06:00-19:00; an end at midnight reads 24:00."""
    start, end = window.starts_at, window.ends_at
    if start == end and start.hour == start.minute == 0:
        clock = _("all day")
    else:
        until = "24:00" if end.hour == end.minute == 0 else f"{end:%H:%M}"
        clock = f"{start:%H:%M}–{until}"
    return f"{days_label(window.days)} {clock}"


def state(tariff: Tariff, today: date) -> str:
    if tariff.valid_from > today:
        return "next"
    if tariff.valid_to is not None and tariff.valid_to < today:
        return "past"
    return "current"
