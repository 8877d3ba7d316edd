"""Business rules of customers: registering them and reading them (logged)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.identity import normalize_identity_number
from customers.models import Customer, DecisionEvent, DecisionStatus, NeedDecision
from kundval.models import Area, Municipality, Role, Service
from kundval.scoping import scope_of
from kundval.services import access_log_record


def customer_register(
    *,
    user,
    municipality: Municipality,
    identity_number: str,
    name: str,
    area: Area,
    **details,
) -> Customer:
    """A case officer registers a customer of their own municipality.

    The same person twice in one municipality is refused with a clear error.
    """
    _officer_of(user, municipality.pk)
    if area.municipality_id != municipality.pk:
        raise ValidationError({"area": _("Choose an area of the municipality.")})
    try:
        stored = normalize_identity_number(identity_number, today=timezone.localdate())
    except ValidationError as error:
        raise ValidationError({"identity_number": error.error_list}) from None
    customer = Customer(
        municipality=municipality,
        identity_number=stored,
        name=name.strip(),
        area=area,
        **details,
    )
    customer.full_clean(exclude=["identity_number"], validate_unique=False)
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:
        raise ValidationError(
            {"identity_number": _("The customer is already registered.")}
        ) from None
    access_log_record(
        user=user, municipality=municipality, customer_id=customer.pk, what="register"
    )
    return customer


def customer_read(*, user, customer: Customer, what: str) -> Customer:
    """Every read of a customer's data writes an access-log row first."""
    access_log_record(
        user=user,
        municipality=customer.municipality,
        customer_id=customer.pk,
        what=what,
    )
    return customer


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
    _officer_of(user, customer.municipality_id)
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
    _officer_of(user, decision.customer.municipality_id)
    DecisionEvent.objects.create(
        decision=decision, from_status=decision.status, to_status=to, by=user, note=note
    )
    decision.status = to
    decision.save(update_fields=["status"])
    return decision


def _officer_of(user, municipality_id: int) -> None:
    if municipality_id not in scope_of(user).municipality_ids(Role.CASE_OFFICER):
        raise PermissionDenied
