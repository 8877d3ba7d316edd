"""Which customers' personal data is due for erasure (customers.retention).

Asked of the database in one query per municipality: a customer is due
unless a decision or live choice is open or ended on or after the cut-off
day, or they were registered on or after it. A declined or withdrawn choice
never gave help and adds nothing to the file's end.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from customers.models import LIVE_STATUSES, Choice, Customer, NeedDecision
from customers.retention import ended_before, research_number_pattern
from kundval.models import Municipality


def _past_retention(municipality: Municipality, on: date) -> QuerySet[Customer]:
    cutoff = ended_before(on)
    still_open = Q(ends_on__isnull=True) | Q(ends_on__gte=cutoff)
    open_decisions = NeedDecision.objects.filter(still_open, customer=OuterRef("pk"))
    open_choices = Choice.objects.filter(
        still_open, decision__customer=OuterRef("pk"), status__in=LIVE_STATUSES
    )
    return (
        Customer.objects.filter(
            municipality=municipality,
            erased_on__isnull=True,
            created_at__date__lt=cutoff,
        )
        .exclude(Exists(open_decisions))
        .exclude(Exists(open_choices))
    )


def _research(municipality: Municipality) -> Q:
    """The customers whose files are kept for research there (none if the
    municipality does not keep them)."""
    if not municipality.keeps_research_files:
        return Q(pk__in=[])
    return Q(identity_number__regex=research_number_pattern())


def retention_due(municipality: Municipality, *, on: date) -> QuerySet[Customer]:
    """The municipality's customers whose personal data is to be erased on
    `on`, in id order."""
    return (
        _past_retention(municipality, on)
        .exclude(_research(municipality))
        .order_by("pk")
    )


def retention_archived(municipality: Municipality, *, on: date) -> QuerySet[Customer]:
    """The customers past retention whose files are kept for research."""
    return _past_retention(municipality, on).filter(_research(municipality))
