"""A decided need decision that ends or changes carries its choices with
it: a shorter end cuts them (one not yet started is withdrawn), a longer one
extends the choice that ended with the decision; the providers are told."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import (
    LIVE_STATUSES,
    Choice,
    ChoiceStatus,
    NeedDecision,
    NoticeKind,
)
from customers.selectors import live_on
from customers.services.choices import LAST_DAY, choice_transition, end_choice
from customers.services.notices import notice_send

C = ChoiceStatus


def choices_end_with_decision(*, user, decision: NeedDecision, last_day: date) -> None:
    """The decision ends: so do its choices; one that had not started is
    withdrawn. The providers hear of it in their inbox."""
    why = _("The need decision has ended.")
    for choice in _cut_choices(user, decision, last_day, why):
        notice_send(
            choice, NoticeKind.DECISION_ENDED, LAST_DAY, day=last_day.isoformat()
        )


def choices_follow_decision_change(
    *, user, decision: NeedDecision, old_end: date | None
) -> None:
    """A decided decision got new hours or a new end: a shorter end cuts its
    choices, a longer one extends the choice that ended with the decision.
    The providers hear of it in their inbox either way."""
    why = _("The need decision has changed.")
    new_end = decision.ends_on
    affected = {c.pk: c for c in decision.choices.filter(live_on(timezone.localdate()))}
    if new_end is not None and (old_end is None or new_end < old_end):
        affected |= {c.pk: c for c in _cut_choices(user, decision, new_end, why)}
    elif old_end is not None:
        for choice in decision.choices.filter(
            status__in=LIVE_STATUSES, ends_on=old_end
        ):
            end_choice(choice, user=user, last_day=new_end, note=why)
            affected[choice.pk] = choice
    text = gettext_lazy("%(hours)s hours per month")
    for choice in affected.values():
        notice_send(
            choice, NoticeKind.DECISION_CHANGED, text, hours=decision.hours_per_month
        )


def _cut_choices(
    user, decision: NeedDecision, last_day: date, why: str
) -> list[Choice]:
    """No choice of `decision` runs past `last_day`; one that would start
    after it is withdrawn. Returns the choices that ran on that day or later."""
    cut = list(
        decision.choices.filter(status__in=LIVE_STATUSES).exclude(ends_on__lt=last_day)
    )
    for choice in cut:
        if choice.starts_on > last_day:
            choice_transition(user=user, choice=choice, to=C.WITHDRAWN, note=why)
        elif choice.ends_on is None or choice.ends_on > last_day:
            end_choice(choice, user=user, last_day=last_day, note=why)
    return cut
