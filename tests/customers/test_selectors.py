"""The selectors that fetch what a page shows and log the read: each one
writes its access-log rows (customer, what, user), and only for what it
returns."""

import pytest
from django.http import Http404

from customers.selectors import (
    care_plans_of,
    order_for_provider,
    provider_choice,
    provider_customer_list,
)
from kundval.models import AccessLog, Role
from tests.customers.conftest import choose, decided, new_customer


def logged(what: str) -> list[tuple]:
    rows = AccessLog.objects.filter(what=what).order_by("customer_id")
    return list(rows.values_list("customer_id", "user_id", "role"))


def test_the_provider_list_logs_the_notices_and_the_page_shown(world):
    anna = new_customer(world, "19400101-0000", "Anna")
    bertil = new_customer(world, "19400202-0008", "Bertil")
    choose(world, world["first"])  # Tolvan
    for customer in (anna, bertil):
        choose(world, world["first"], decision=decided(world, customer))
    user = world["first_user"]
    shown = provider_customer_list(user=user, page_number="1", per_page=1)
    # The newest notice (Bertil's order) and the first by name (Anna).
    assert [n.choice.decision.customer for n in shown.notices] == [bertil]
    assert [c.decision.customer for c in shown.page] == [anna]
    assert logged("provider list") == [
        (anna.pk, user.pk, Role.PROVIDER_USER),
        (bertil.pk, user.pk, Role.PROVIDER_USER),
    ]


def test_the_order_is_logged_for_its_provider_and_hidden_from_others(world):
    choice = choose(world, world["first"])
    user = world["first_user"]
    assert order_for_provider(user=user, pk=choice.pk) == choice
    assert logged("order") == [(world["customer"].pk, user.pk, Role.PROVIDER_USER)]
    with pytest.raises(Http404):
        order_for_provider(user=world["second_user"], pk=choice.pk)
    assert len(logged("order")) == 1


def test_a_choice_to_act_on_shows_nothing_and_logs_nothing(world):
    choice = choose(world, world["first"])
    assert provider_choice(user=world["first_user"], pk=choice.pk) == choice
    assert list(care_plans_of(choice=choice)) == []
    with pytest.raises(Http404):
        provider_choice(user=world["second_user"], pk=choice.pk)
    assert not AccessLog.objects.filter(what="order").exists()
