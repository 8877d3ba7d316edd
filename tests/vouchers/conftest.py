"""A small Nacka with Nacka's tariff, and a customer whose choice of a
private provider was accepted a year ago, for visits and settlements."""

from datetime import timedelta

import pytest

from customers.models import ChoiceStatus
from customers.services import choice_transition
from tests.customers.conftest import TODAY, choose, decided, world  # noqa: F401
from vouchers.demo import NACKA_BANDS, calendar_load, tariff_load

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
