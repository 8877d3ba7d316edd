"""Business rules of need decisions: drafted, decided and ended by case
officers, every change recorded with who and why."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer, DecisionEvent, DecisionStatus, NeedDecision
from customers.services.choices import choices_end_with_decision
from customers.services.people import officer_of
from kundval.models import Role, Service

D = DecisionStatus
# (from, to) → the role that may make the change. Nothing else is allowed.
DECISION_TRANSITIONS: dict[tuple[str, str], str] = {
    (D.DRAFT, D.DECIDED): Role.CASE_OFFICER,
    (D.DECIDED, D.ENDED): Role.CASE_OFFICER,
}


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
    officer_of(user, customer.municipality_id)
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
    role = DECISION_TRANSITIONS.get((decision.status, to))
    if role is None:
        raise ValidationError(
            _("A decision that is %(status)s cannot become %(to)s.")
            % {"status": decision.get_status_display(), "to": D(to).label}
        )
    officer_of(user, decision.customer.municipality_id)
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
