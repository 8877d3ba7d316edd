"""A year of choices per provider in one municipality, for the annual
quality report (followup): customers at the year's end and how many of
them did not choose, choices and non-choices that began in the year, and
switches away from the provider.

The year's end uses the rule of the choice figures (`customers.figures.
active_on`, distinct customers), so the report and the figures page agree.
Three aggregate queries whatever the number of customers or providers;
they name no customer, so they write no access-log rows. The caller checks
that the user may see the municipality."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from customers.figures import active_on
from customers.models import LIVE_STATUSES, Choice


@dataclass(frozen=True)
class ChoiceYear:
    provider_id: int
    customers: int = 0  # at the year's end (today, for the running year)
    non_choice_customers: int = 0  # of those, given the default provider
    choices: int = 0  # choices of the provider that began in the year
    non_choices: int = 0  # non-choices given to it that began in the year
    switches_away: int = 0  # customers who switched to another provider


def year_end(year: int) -> date:
    """The day a year's counts are taken: 31 December, or today in the
    running year."""
    return min(date(year, 12, 31), timezone.localdate())


def choice_year(
    *, municipality_id: int, year: int, provider_id: int | None = None
) -> dict[int, ChoiceYear]:
    """Per provider id (only `provider_id` if given): its ChoiceYear. A
    provider without any choice is missing; use `ChoiceYear(provider_id)`."""
    choices = Choice.objects.filter(decision__customer__municipality_id=municipality_id)
    if provider_id is not None:
        choices = choices.filter(provider_id=provider_id)
    found: dict[int, dict] = {}
    for row in _at_year_end(choices, year):
        found.setdefault(row.pop("provider"), {}).update(row)
    for row in _begun(choices, year):
        found.setdefault(row.pop("provider"), {}).update(row)
    for row in _switched_away(choices, year):
        found.setdefault(row.pop("provider"), {}).update(row)
    return {pk: ChoiceYear(provider_id=pk, **row) for pk, row in found.items()}


def _at_year_end(choices, year: int):
    return (
        choices.filter(active_on(year_end(year)))
        .order_by()
        .values("provider")
        .annotate(
            customers=Count("decision__customer", distinct=True),
            non_choice_customers=Count(
                "decision__customer", filter=Q(non_choice=True), distinct=True
            ),
        )
    )


def _begun(choices, year: int):
    """Live choices that began in the year: a declined or withdrawn one never
    gave the customer help."""
    return (
        choices.filter(status__in=LIVE_STATUSES, starts_on__year=year)
        .order_by()
        .values("provider")
        .annotate(
            choices=Count("pk", filter=Q(non_choice=False)),
            non_choices=Count("pk", filter=Q(non_choice=True)),
        )
    )


def _switched_away(choices, year: int):
    """The provider's choices that ended in the year because the customer
    switched: a live choice of another provider, with a reason for the
    switch, begins the next day (customers.services.choice_record)."""
    following = Choice.objects.filter(
        decision=OuterRef("decision"),
        status__in=LIVE_STATUSES,
        starts_on=OuterRef("ends_on") + timedelta(days=1),
    ).exclude(switch_reason="")
    return (
        choices.filter(status__in=LIVE_STATUSES, ends_on__year=year)
        .filter(Exists(following.exclude(provider=OuterRef("provider"))))
        .order_by()
        .values("provider")
        .annotate(switches_away=Count("pk"))
    )
