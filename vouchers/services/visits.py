"""Performed time: the provider reports visits (form, CSV, API). The
customer's later approval, changes and removals are in visit_changes.py.

Rules (issue 6 item 2):
- a visit belongs to an *accepted* choice of one of the user's providers
  (an ordered choice is not yet the provider's customer: no time before it
  accepts), and starts on a day the choice lasts; it ends after it starts,
  lasts at most 24 hours and has ended (five minutes' leeway for clocks);
- a batch is all or nothing: every item is checked before anything is
  stored, and the errors come back per item;
- overlapping visits of one customer are flagged, on both sides;
- `settle_month` is the first open month from the month the visit started
  in (vouchers.months): time reported late is a correction there;
- a visit whose month is locked is never edited: it is cancelled (paid back
  in the open month) and, for a change, replaced by a new visit.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.selectors import choice_facts_rows
from kundval.models import InterventionCategory
from kundval.scoping import scope_of
from vouchers.calendar import STOCKHOLM
from vouchers.models import Visit
from vouchers.models.visits import LONGEST_VISIT
from vouchers.months import month_of, open_month
from vouchers.services.visit_sql import VisitRow, overlaps_flag, visits_insert

CLOCK_LEEWAY = timedelta(minutes=5)
STAFF_LENGTH = 40
CATEGORIES = frozenset(InterventionCategory.values)


@dataclass(frozen=True, slots=True)
class VisitInput:
    """One reported visit; times aware (Europe/Stockholm in, any zone ok)."""

    choice_id: int
    starts_at: datetime
    ends_at: datetime
    category: str
    staff: str = ""
    approved: bool = False


@dataclass(frozen=True, slots=True)
class ChoiceFacts:
    """What a visit needs of its choice, read in one query for a batch."""

    id: int
    provider_id: int
    accepted: bool
    starts_on: date
    ends_on: date | None
    customer_id: int
    service_id: int
    municipality_id: int


class ChoiceNotFound(ObjectDoesNotExist):
    """Items name a choice that is not of the user's providers (API: 404)."""

    def __init__(self, indexes: list[int]):
        super().__init__(indexes)
        self.indexes = indexes


class VisitsInvalid(ValidationError):
    """Per-item errors of a batch: `by_item` is {index: {field: [messages]}},
    with the contract's field names (choice, start, end, category, staff)."""

    def __init__(self, by_item: dict[int, dict[str, list[str]]]):
        self.by_item = by_item
        super().__init__(
            {
                str(index): [m for messages in fields.values() for m in messages]
                for index, fields in by_item.items()
            }
        )


def provider_ids_of(user) -> frozenset[int]:
    return scope_of(user).provider_ids


def choice_facts(*, provider_ids: Iterable[int], choice_ids: Iterable[int]):
    """{choice id: ChoiceFacts} for those of `choice_ids` that belong to
    `provider_ids`, whatever their status (one query)."""
    rows = choice_facts_rows(provider_ids=provider_ids, choice_ids=choice_ids)
    return {row[0]: ChoiceFacts(*row) for row in rows}


def visit_errors(item: VisitInput, choice: ChoiceFacts | None, now: datetime):
    """The item's errors by field ({} when it is fine). Cheap: called per
    row of a 100 000-row file."""
    errors: dict[str, list[str]] = {}
    if item.category not in CATEGORIES:
        errors["category"] = [_("Give personal_care or service.")]
    if len(item.staff) > STAFF_LENGTH:
        errors["staff"] = [_("At most 40 characters.")]
    errors.update(_time_errors(item, now))
    if choice is None:
        errors.setdefault("choice", []).append(_("No such choice of your provider."))
    elif not choice.accepted:
        errors.setdefault("choice", []).append(
            _("The choice is not accepted by the provider.")
        )
    elif not _inside(item.starts_at, choice):
        errors.setdefault("start", []).append(
            _("The visit must start on a day the choice lasts (%(period)s).")
            % {"period": _period(choice)}
        )
    return errors


def _fine(item: VisitInput, choice: ChoiceFacts, latest: datetime) -> bool:
    """visit_errors(...) == {}, fast: the path every row of a good file takes."""
    return (
        item.category in CATEGORIES
        and len(item.staff) <= STAFF_LENGTH
        and item.starts_at < item.ends_at <= latest
        and item.ends_at - item.starts_at <= LONGEST_VISIT
        and choice.accepted
        and _inside(item.starts_at, choice)
    )


def _time_errors(item: VisitInput, now: datetime) -> dict[str, list[str]]:
    end = []
    if item.ends_at <= item.starts_at:
        end.append(_("A visit must end after it starts."))
    elif item.ends_at - item.starts_at > LONGEST_VISIT:
        end.append(_("A visit cannot last more than 24 hours."))
    if item.ends_at > now + CLOCK_LEEWAY:
        end.append(_("A visit cannot end in the future."))
    return {"end": end} if end else {}


def _inside(starts_at: datetime, choice: ChoiceFacts) -> bool:
    # A visit may run past midnight after the choice's last day (at most a
    # day, so its end is within the choice's end + 1 day).
    day = starts_at.astimezone(STOCKHOLM).date()
    return choice.starts_on <= day and (choice.ends_on is None or day <= choice.ends_on)


def _period(choice: ChoiceFacts) -> str:
    end = choice.ends_on.isoformat() if choice.ends_on else _("until further notice")
    return f"{choice.starts_on.isoformat()} – {end}"


@transaction.atomic
def visits_record(*, user, items: list[VisitInput], source: str) -> list[Visit]:
    """Store `items` as visits reported by `user`, or nothing: a choice not
    of the user's providers raises ChoiceNotFound, any other bad item
    VisitsInvalid (all items' errors at once)."""
    choices = choice_facts(
        provider_ids=provider_ids_of(user), choice_ids=(i.choice_id for i in items)
    )
    missing = [n for n, item in enumerate(items) if item.choice_id not in choices]
    if missing:
        raise ChoiceNotFound(missing)
    ids = visits_store(user=user, items=items, choices=choices, source=source)
    return list(Visit.objects.filter(pk__in=ids).order_by("pk"))


def visits_store(
    *, user, items: list[VisitInput], choices: dict[int, ChoiceFacts], source: str
) -> list[int]:
    """Check every item against its choice, then store all in bulk (or raise
    VisitsInvalid and store nothing); the new ids in the items' order.
    `choices` come from choice_facts, for the user's providers only."""
    if not items:
        raise ValidationError(_("Report at least one visit."))
    now = timezone.now()
    errors, latest = {}, now + CLOCK_LEEWAY
    for index, item in enumerate(items):
        choice = choices.get(item.choice_id)
        if choice is None or not _fine(item, choice, latest):
            errors[index] = visit_errors(item, choice, now)
    if errors:
        raise VisitsInvalid(errors)
    months = SettleMonths()
    rows = [_row(item, choices[item.choice_id], months, now) for item in items]
    with transaction.atomic():
        ids = visits_insert(rows=rows, user=user, source=source, now=now)
        overlaps_flag(
            customer_ids={row[4] for row in rows},
            also=[(item.starts_at, item.ends_at) for item in items],
        )
    return ids


class SettleMonths:
    """open_month per (municipality, provider, month), asked once each."""

    def __init__(self, today: date | None = None):
        self.today = today or timezone.localdate()
        self.known: dict[tuple[int, int, date], date] = {}

    def __call__(self, municipality_id: int, provider_id: int, month: date) -> date:
        key = (municipality_id, provider_id, month)
        if key not in self.known:
            self.known[key] = open_month(
                municipality_id=municipality_id,
                provider_id=provider_id,
                month=month,
                today=self.today,
            )
        return self.known[key]


def _row(item: VisitInput, choice: ChoiceFacts, months, now) -> VisitRow:
    month = months(choice.municipality_id, choice.provider_id, month_of(item.starts_at))
    return (
        choice.id,
        choice.municipality_id,
        choice.service_id,
        choice.provider_id,
        choice.customer_id,
        item.starts_at,
        item.ends_at,
        item.category,
        item.staff.strip(),
        now if item.approved else None,
        month,
    )
