"""A small Nacka with Nacka's tariff, and a customer whose choice of a
private provider was accepted a year ago, for visits and settlements."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from customers.models import ChoiceStatus
from customers.services import choice_transition
from tests.customers.conftest import TODAY, choose, decided, world  # noqa: F401
from vouchers.calendar import STOCKHOLM
from vouchers.demo import NACKA_BANDS, calendar_load, tariff_load
from vouchers.models import Visit, VisitSource

A_YEAR_AGO = TODAY() - timedelta(days=365)


@pytest.fixture
def tariff(world):  # noqa: F811
    calendar_load(world["nacka"])
    tariff = tariff_load(world["service"], "Hemtjänst 2026", NACKA_BANDS, [])
    tariff.valid_from = A_YEAR_AGO.replace(month=1, day=1)
    tariff.save()
    return tariff


@pytest.fixture
def accepted(world, tariff):  # noqa: F811
    """The customer's decision from a year ago, with Första AB accepted."""
    decision = decided(world, world["customer"], starts_on=A_YEAR_AGO)
    world["decision"].delete()
    world["decision"] = decision
    choice = choose(world, world["first"], decision=decision)
    return choice_transition(
        user=world["first_user"], choice=choice, to=ChoiceStatus.ACCEPTED
    )


def visit_row(choice, starts_at, ends_at, *, category="personal_care", approved=True):
    """A visit stored directly, as the visit services would store it, for
    tests of pricing and settlements."""
    decision = choice.decision
    return Visit.objects.create(
        choice=choice,
        municipality_id=decision.customer.municipality_id,
        service_id=decision.service_id,
        provider_id=choice.provider_id,
        customer_id=decision.customer_id,
        starts_at=starts_at,
        ends_at=ends_at,
        category=category,
        approved_at=timezone.now() if approved else None,
        settle_month=month_start(starts_at),
        source=VisitSource.API,
        reported_by=choice.ordered_by,
    )


def month_start(moment) -> date:
    return moment.astimezone(STOCKHOLM).date().replace(day=1)


def at(*args) -> datetime:
    """A Stockholm wall-clock time."""
    return datetime(*args, tzinfo=STOCKHOLM)
