"""The selectors that fetch what a page shows and log the read: each one
writes its access-log rows (customer, what, user), and only for what it
returns."""

from datetime import timedelta

import pytest
from django.http import Http404

from customers.models import DecisionStatus
from customers.selectors import (
    area_named,
    care_plans_of,
    choice_history,
    choice_to_withdraw,
    customer_for_api,
    customer_for_page,
    customer_id_by_number,
    decision_for_choice,
    decision_for_letter,
    decisions_of,
    default_provider_of,
    interventions_named,
    officer_customer,
    officer_decision,
    order_for_provider,
    provider_by_number,
    provider_choice,
    provider_customer_list,
    service_named,
    work_list_shown,
)
from customers.services import decision_register
from kundval.models import AccessLog, Role
from tests.customers.conftest import TODAY, choose, decided, new_customer

OFFICER = Role.CASE_OFFICER


def logged(what: str) -> list[tuple]:
    rows = AccessLog.objects.filter(what=what).order_by("customer_id", "pk")
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


@pytest.mark.parametrize(
    ("selector", "what"),
    [(customer_for_page, "customer page"), (customer_for_api, "api")],
)
def test_a_customer_read_by_the_officer_is_logged(world, selector, what):
    customer, officer = world["customer"], world["officer"]
    assert selector(user=officer, pk=customer.pk) == customer
    assert logged(what) == [(customer.pk, officer.pk, OFFICER)]
    with pytest.raises(Http404):
        selector(user=world["trosa_officer"], pk=customer.pk)
    assert len(logged(what)) == 1


def test_what_the_officer_acts_on_or_searches_by_is_not_logged(world):
    customer, officer = world["customer"], world["officer"]
    number = customer.identity_number
    assert customer_id_by_number(user=officer, identity_number=number) == customer.pk
    assert not customer_id_by_number(
        user=world["trosa_officer"], identity_number=number
    )
    assert officer_customer(user=officer, pk=customer.pk) == customer
    assert officer_decision(user=officer, pk=world["decision"].pk) == world["decision"]
    assert decisions_of(customer=customer) == [world["decision"]]
    with pytest.raises(Http404):
        officer_decision(user=world["trosa_officer"], pk=world["decision"].pk)
    assert not AccessLog.objects.exclude(what="register").exists()


def test_the_decision_letter_and_the_choice_page_are_logged(world):
    officer, decision = world["officer"], world["decision"]
    assert decision_for_letter(user=officer, pk=decision.pk) == decision
    assert decision_for_choice(user=officer, pk=decision.pk) == decision
    read = [(world["customer"].pk, officer.pk, OFFICER)]
    assert logged("decision letter") == read
    assert logged("choice page") == read
    draft = decision_register(
        user=officer,
        customer=world["customer"],
        service=world["service"],
        hours_per_month=decision.hours_per_month,
        starts_on=TODAY(),
    )
    assert draft.status == DecisionStatus.DRAFT
    for selector in (decision_for_letter, decision_for_choice):
        with pytest.raises(Http404):
            selector(user=officer, pk=draft.pk)
        with pytest.raises(Http404):
            selector(user=world["trosa_officer"], pk=decision.pk)
    assert logged("decision letter") == logged("choice page") == read


def test_the_withdraw_page_reads_a_choice_not_yet_started_and_logs_it(world):
    started = choose(world, world["first"], starts_on=TODAY())
    later = choose(
        world, world["own"], starts_on=TODAY() + timedelta(days=5), reason="quality"
    )
    officer = world["officer"]
    assert choice_to_withdraw(user=officer, pk=later.pk) == later
    assert logged("withdraw choice page") == [
        (world["customer"].pk, officer.pk, OFFICER)
    ]
    with pytest.raises(Http404):
        choice_to_withdraw(user=officer, pk=started.pk)
    with pytest.raises(Http404):
        choice_to_withdraw(user=world["trosa_officer"], pk=later.pk)
    assert len(logged("withdraw choice page")) == 1


def test_the_work_list_logs_the_customers_shown_and_only_those(world):
    anna = new_customer(world, "19400101-0000", "Anna")
    decided(world, anna, starts_on=TODAY() - timedelta(days=20))
    officer = world["officer"]
    lists = work_list_shown(user=officer, length=1)
    assert [d.customer for d in lists["without_provider"]] == [anna]
    assert lists["unanswered"] == lists["revoked"] == []
    assert logged("work list") == [(anna.pk, officer.pk, OFFICER)]


def test_the_api_choice_history_is_logged_for_whoever_reads_it(world):
    choice = choose(world, world["first"])
    customer = world["customer"]
    for user in (world["officer"], world["first_user"]):
        assert list(choice_history(user=user, customer_id=customer.pk)) == [choice]
    assert logged("api choices") == [
        (customer.pk, world["officer"].pk, OFFICER),
        (customer.pk, world["first_user"].pk, Role.PROVIDER_USER),
    ]
    with pytest.raises(Http404):
        choice_history(user=world["second_user"], customer_id=customer.pk)
    assert len(logged("api choices")) == 2


def test_the_apis_lookups_find_by_slug_and_number(world):
    nacka, service = world["nacka"], world["service"]
    assert area_named(municipality_id=nacka.pk, slug="boo") == world["boo"]
    assert area_named(municipality_id=nacka.pk, slug="trosa") is None
    assert service_named(municipality_id=nacka.pk, slug=service.slug) == service
    assert interventions_named(service=service, slugs={"no-such"}) == []
    number = world["first"].organisation_number
    dashed = f" {number[:6]}-{number[6:]} "
    assert provider_by_number(organisation_number=dashed) == world["first"]
    assert provider_by_number(organisation_number="556000-0000") is None


def test_the_default_provider_of_a_service(world):
    assert default_provider_of(service_id=world["service"].pk).provider == world["own"]
