"""Reads of choices: who can be chosen, how full a provider is, the case
officers' work list, and the choices the case officer's pages and the API
show (each such read logged here)."""

from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from authorization.models import Authorization
from authorization.selectors import authorizations_in_force
from customers.models import (
    LIVE_STATUSES,
    Choice,
    ChoiceStatus,
    Customer,
    DecisionStatus,
    DefaultProvider,
    NeedDecision,
)
from customers.selectors.logged import customer_read
from kundval.models import Role
from kundval.scoping import visible
from kundval.services import access_log_record_many


def live_on(day: date) -> Q:
    """Choices that give the provider the customer on `day` or later."""
    return Q(status__in=LIVE_STATUSES) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def customer_count(*, provider_id: int, service_id: int, on: date | None = None) -> int:
    """Customers a provider has, or has been ordered for, in a service: what
    its capacity ceiling counts."""
    day = on or timezone.localdate()
    return Choice.objects.filter(
        live_on(day), provider=provider_id, decision__service=service_id
    ).count()


def choosable(decision: NeedDecision, *, on: date) -> QuerySet[Authorization]:
    """The authorizations a customer may choose among on `on`: in force for
    the decision's service, covering the customer's area, not revoked (not
    even from a later day), below their capacity ceiling. Each carries
    `customers`, its current count."""
    counted = (
        Choice.objects.filter(live_on(on), provider=OuterRef("provider"))
        .filter(decision__service=OuterRef("service"))
        .values("provider")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        authorizations_in_force(on=on)
        .filter(
            service=decision.service_id,
            areas=decision.customer.area_id,
            revoked_from__isnull=True,
        )
        .annotate(customers=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
        .annotate(free=F("capacity_ceiling") - F("customers"))
        .filter(Q(capacity_ceiling__isnull=True) | Q(free__gt=0))
        .select_related("provider")
        .prefetch_related("areas")
        .order_by("provider__name")
    )


def choice_running_on(decision: NeedDecision, day: date) -> Choice | None:
    """The choice that gives the customer a provider on `day` or later, if
    any: the latest live one (there is at most one open-ended)."""
    latest = (
        decision.choices.filter(status__in=LIVE_STATUSES)
        .select_related("provider")
        .order_by("-starts_on")
        .first()
    )
    if latest is None or (latest.ends_on is not None and latest.ends_on < day):
        return None
    return latest


def officer_work_list(user) -> dict[str, QuerySet]:
    """What waits for the case officer: decided decisions with no provider
    (never chosen, or the order was declined), orders the provider has not
    answered, and customers of a provider whose authorization is revoked."""
    today = timezone.localdate()
    decisions = visible(NeedDecision.objects.all(), user, Role.CASE_OFFICER).filter(
        status=DecisionStatus.DECIDED
    )
    choices = visible(Choice.objects.all(), user, Role.CASE_OFFICER).filter(
        live_on(today), decision__status=DecisionStatus.DECIDED
    )
    related = ("decision__customer__municipality", "decision__service", "provider")
    return {
        "without_provider": decisions.exclude(pk__in=choices.values("decision"))
        .select_related("customer__municipality", "service")
        .order_by("starts_on"),
        "unanswered": choices.filter(status=ChoiceStatus.ORDERED)
        .select_related(*related)
        .order_by("ordered_at"),
        "revoked": _outlasting_revocation(choices).select_related(*related),
    }


def _outlasting_revocation(choices: QuerySet[Choice]) -> QuerySet[Choice]:
    """Choices that run on past the day their provider's authorization for
    the service is revoked: those customers must choose again."""
    revoked_from = Authorization.objects.filter(
        provider=OuterRef("provider"),
        service=OuterRef("decision__service"),
        revoked_from__isnull=False,
    ).values("revoked_from")[:1]
    return (
        choices.annotate(revoked_from=Subquery(revoked_from))
        .filter(revoked_from__isnull=False)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=F("revoked_from")))
        .order_by("revoked_from")
    )


def work_list_shown(*, user, length: int) -> dict[str, list]:
    """The officer's work list (officer_work_list), the first `length` rows
    of each part, as the page shows them. Logs each customer shown, and only
    those, as "work list"."""
    lists = {
        name: list(rows[:length]) for name, rows in officer_work_list(user).items()
    }
    shown = [d.customer for d in lists["without_provider"]]
    shown += [c.decision.customer for c in lists["unanswered"] + lists["revoked"]]
    access_log_record_many(user=user, customers=shown, what="work list")
    return lists


def choice_to_withdraw(*, user, pk: int) -> Choice:
    """A live choice of the officer's municipalities that has not started,
    with customer, service and provider: what the withdraw page may take
    back. 404 for any other. Logged as "withdraw choice page"."""
    choice = get_object_or_404(
        visible(Choice.objects.all(), user, Role.CASE_OFFICER).select_related(
            "decision__customer", "decision__service", "provider"
        ),
        pk=pk,
        status__in=LIVE_STATUSES,
        starts_on__gt=timezone.localdate(),
    )
    customer_read(
        user=user, customer=choice.decision.customer, what="withdraw choice page"
    )
    return choice


def choice_history(*, user, customer_id: int) -> QuerySet[Choice]:
    """The customer's choices in order, for `GET /api/v1/choices/?customer=`
    (case officers and the customer's providers); 404 for a customer scoping
    hides. Logged as "api choices"."""
    customer = get_object_or_404(visible(Customer.objects.all(), user), pk=customer_id)
    customer_read(user=user, customer=customer, what="api choices")
    return (
        visible(Choice.objects.all(), user)
        .filter(decision__customer=customer)
        .select_related("decision", "provider")
        .order_by("starts_on", "pk")
    )


def default_provider_of(*, service_id: int) -> DefaultProvider | None:
    """Who a customer of the service gets by not choosing, if it has one."""
    return DefaultProvider.objects.filter(service=service_id).first()
