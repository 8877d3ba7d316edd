"""What the vouchers app reads of choices and customers: the accepted
choices it pays for, the facts a reported visit needs of its choice, the
hours granted, and customers by id for fee and time pages. Other apps read
customers through these, never through customers.models."""

from collections.abc import Iterable
from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from customers.models import Choice, ChoiceStatus, Customer, DecisionStatus

# A decision that is decided, or has since ended, granted its hours.
GRANTING = [DecisionStatus.DECIDED, DecisionStatus.ENDED]


def accepted_choices(
    *, starts_by: date | None = None, lasts_until: date | None = None
) -> QuerySet[Choice]:
    """Choices their provider has accepted: the only ones it is paid for.
    With `starts_by`, those that start on that day or before; with
    `lasts_until`, those that have not ended before that day."""
    choices = Choice.objects.filter(status=ChoiceStatus.ACCEPTED)
    if starts_by is not None:
        choices = choices.filter(starts_on__lte=starts_by)
    if lasts_until is not None:
        choices = choices.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=lasts_until))
    return choices


def granting_choices(*, starts_by: date, lasts_until: date) -> QuerySet[Choice]:
    """Accepted choices of decided (or since ended) need decisions, running
    at some time between `lasts_until` and `starts_by`: what was granted."""
    return accepted_choices(starts_by=starts_by, lasts_until=lasts_until).filter(
        decision__status__in=GRANTING
    )


def choice_facts_rows(*, provider_ids: Iterable[int], choice_ids: Iterable[int]):
    """For those of `choice_ids` that belong to `provider_ids`, whatever
    their status, in one query: (id, provider id, accepted, starts on, ends
    on, customer id, service id, municipality id)."""
    accepted = ExpressionWrapper(
        Q(status=ChoiceStatus.ACCEPTED), output_field=BooleanField()
    )
    return (
        Choice.objects.filter(
            pk__in=set(choice_ids), provider_id__in=list(provider_ids)
        )
        .annotate(accepted=accepted)
        .values_list(
            "pk",
            "provider_id",
            "accepted",
            "starts_on",
            "ends_on",
            "decision__customer_id",
            "decision__service_id",
            "decision__customer__municipality_id",
        )
    )


def customers_by_id() -> QuerySet[Customer]:
    """Every customer, to be filtered by id or through kundval.scoping.visible
    by the caller."""
    return Customer.objects.all()
