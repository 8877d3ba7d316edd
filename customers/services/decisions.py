"""Business rules of need decisions: drafted, decided and ended by case
officers, every change recorded with who and why."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import Customer, DecisionEvent, DecisionStatus, NeedDecision
from customers.services.decision_choices import (
    choices_end_with_decision,
    choices_follow_decision_change,
)
from kundval.models import Role, Service
from kundval.scoping import check_role
from kundval.transitions import Transitions

D = DecisionStatus
DECISION_TRANSITIONS = Transitions(
    states=D,
    edges={
        (D.DRAFT, D.DECIDED): Role.CASE_OFFICER,
        (D.DECIDED, D.ENDED): Role.CASE_OFFICER,
    },
    refusal=gettext_lazy("A decision that is %(status)s cannot become %(to)s."),
)


@transaction.atomic
def decision_register(
    *,
    user,
    customer: Customer,
    service: Service,
    hours_per_month: Decimal,
    starts_on: date,
    ends_on: date | None = None,
    interventions=(),
    reasons: str = "",
) -> NeedDecision:
    """A draft need decision for a customer of the officer's municipality."""
    check_role(user, Role.CASE_OFFICER, municipality_id=customer.municipality_id)
    if service.municipality_id != customer.municipality_id:
        raise ValidationError({"service": _("Choose a service of the municipality.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("A decision cannot end before it starts.")})
    foreign = [i for i in interventions if i.service_id != service.pk]
    if foreign:
        raise ValidationError(
            {"interventions": _("Choose interventions of the decision's service.")}
        )
    decision = NeedDecision(
        customer=customer,
        service=service,
        hours_per_month=hours_per_month,
        starts_on=starts_on,
        ends_on=ends_on,
        reasons=reasons.strip(),
    )
    decision.full_clean()
    decision.save()
    decision.interventions.set(interventions)
    return decision


@transaction.atomic
def decision_transition(
    *, user, decision: NeedDecision, to: str, note: str = ""
) -> NeedDecision:
    decision = NeedDecision.objects.select_for_update().get(pk=decision.pk)
    DECISION_TRANSITIONS.check(
        decision.status,
        to,
        user=user,
        municipality_id=decision.customer.municipality_id,
    )
    DecisionEvent.objects.create(
        decision=decision, from_status=decision.status, to_status=to, by=user, note=note
    )
    decision.status = to
    if to == D.ENDED:
        _end_now(user, decision)
    decision.save(update_fields=["status", "ends_on"])
    return decision


def _end_now(user, decision: NeedDecision) -> None:
    """Ended today, unless its end date has already passed; its choices end too."""
    today = timezone.localdate()
    last_day = today if decision.ends_on is None else min(today, decision.ends_on)
    # A decision that had not started keeps its one-day period; its choices,
    # not started either, are withdrawn.
    decision.ends_on = max(last_day, decision.starts_on)
    choices_end_with_decision(user=user, decision=decision, last_day=last_day)


@transaction.atomic
def decision_amend(
    *,
    user,
    decision: NeedDecision,
    hours_per_month: Decimal,
    ends_on: date | None,
    note: str,
) -> NeedDecision:
    """Change the hours or the end of a decided decision, with why. The
    customer's choice follows the new end, and its provider is told."""
    decision = NeedDecision.objects.select_for_update().get(pk=decision.pk)
    check_role(
        user, Role.CASE_OFFICER, municipality_id=decision.customer.municipality_id
    )
    if decision.status != D.DECIDED:
        raise ValidationError(_("Only a decided decision can be changed."))
    if not note.strip():
        raise ValidationError({"note": _("Say why the decision changes.")})
    if ends_on is not None and ends_on < max(decision.starts_on, timezone.localdate()):
        raise ValidationError(
            {"ends_on": _("The new end cannot be before today or the start.")}
        )
    before = (decision.hours_per_month, decision.ends_on)
    if before == (hours_per_month, ends_on):
        raise ValidationError(_("Nothing was changed."))
    decision.hours_per_month, decision.ends_on = hours_per_month, ends_on
    decision.full_clean()
    decision.save(update_fields=["hours_per_month", "ends_on"])
    DecisionEvent.objects.create(
        decision=decision,
        from_status=D.DECIDED,
        to_status=D.DECIDED,
        by=user,
        note=_amendment_text(before, decision, note.strip()),
    )
    choices_follow_decision_change(user=user, decision=decision, old_end=before[1])
    return decision


def _amendment_text(before, decision: NeedDecision, why: str) -> str:
    until = _("until further notice")
    old_hours, old_end = before
    return _("%(old_hours)s → %(hours)s hours; end %(old_end)s → %(end)s: %(why)s") % {
        "old_hours": old_hours,
        "hours": decision.hours_per_month,
        "old_end": old_end or until,
        "end": decision.ends_on or until,
        "why": why,
    }
