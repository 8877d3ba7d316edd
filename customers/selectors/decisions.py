"""The case officer's reads of need decisions: the decision letter, the
API's decision, the choice page, and a decision to act on. Scoped to the officer's
municipalities; a read that shows the customer writes its access-log row
here."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from customers.models import DecisionStatus, NeedDecision
from customers.selectors.logged import customer_read
from kundval.models import Role
from kundval.scoping import visible


def officer_decisions(*, user) -> QuerySet[NeedDecision]:
    """The need decisions the case officer may see, with customer and
    service. A query, not a read: nothing is logged."""
    decisions = NeedDecision.objects.select_related("customer", "service")
    return visible(decisions, user, Role.CASE_OFFICER)


def officer_decision(*, user, pk: int) -> NeedDecision:
    """A decision to act on (decide, end, amend, record a choice through the
    API); 404 for what scoping hides. Not logged: it is not shown, and the
    customer's page the officer goes back to logs its read."""
    return get_object_or_404(officer_decisions(user=user), pk=pk)


def decision_for_api(*, user, pk: int) -> NeedDecision:
    """The decision `GET /api/v1/decisions/{id}/` returns (its reasons hold
    health data); 404 for what scoping hides. Logged as "api decision"."""
    decision = get_object_or_404(officer_decisions(user=user), pk=pk)
    customer_read(user=user, customer=decision.customer, what="api decision")
    return decision


def decision_for_letter(*, user, pk: int) -> NeedDecision:
    """The decided (or since ended) decision whose letter is printed, with
    the customer's municipality; 404 for a draft and for what scoping hides.
    Logged as "decision letter"."""
    decision = get_object_or_404(
        officer_decisions(user=user).select_related("customer__municipality"),
        pk=pk,
        status__in=[DecisionStatus.DECIDED, DecisionStatus.ENDED],
    )
    customer_read(user=user, customer=decision.customer, what="decision letter")
    return decision


def decision_for_choice(*, user, pk: int) -> NeedDecision:
    """The decided decision the choice page records a choice for, with the
    customer's area and municipality; 404 otherwise. Logged as "choice
    page"."""
    decision = get_object_or_404(
        officer_decisions(user=user).select_related(
            "customer__area", "customer__municipality"
        ),
        pk=pk,
        status=DecisionStatus.DECIDED,
    )
    customer_read(user=user, customer=decision.customer, what="choice page")
    return decision
