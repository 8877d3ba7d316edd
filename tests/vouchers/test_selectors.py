"""The voucher selectors that fetch what a page shows and log the read:
each writes its access-log rows (customer, what, user), and only for what
it returns."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404

from customers.models import Choice, ChoiceStatus
from customers.services import choice_transition
from kundval.models import AccessLog, Role
from tests.customers.conftest import TODAY, choose, decided, new_customer
from tests.factories import ProviderFactory, member
from tests.vouchers.conftest import A_YEAR_AGO, at, visit_row
from tests.vouchers.test_fees import MARCH, customer_of, served
from vouchers.models import FeeStatement
from vouchers.selectors import (
    customer_for_fee_page,
    fee_history,
    fee_statement_for_pdf,
    fee_statement_page,
    granted_customers_page,
    granted_provider,
    provider_visits,
    reportable_choices,
    reportable_choices_read,
    upload_providers,
    visit_for_provider,
    visit_month_page,
    visits_for_api,
)

FINANCE = Role.FINANCE_OFFICER
PROVIDER = Role.PROVIDER_USER


def logged(what: str) -> list[tuple]:
    rows = AccessLog.objects.filter(what=what).order_by("customer_id", "pk")
    return list(rows.values_list("customer_id", "user_id", "role"))


def fee_of(customer, fee: int) -> FeeStatement:
    return FeeStatement.objects.create(
        customer=customer,
        month=MARCH,
        hours=1,
        hourly_fee=350,
        fee_by_hours=fee,
        maximum_fee=2660,
        fee=fee,
    )


@pytest.fixture
def finance(world):
    return member(FINANCE, world["nacka"])


def test_the_statement_page_logs_the_customers_on_it(world, finance):
    big, middle, small = (customer_of(world, n) for n in ("Stor", "Mellan", "Liten"))
    for customer, fee in ((big, 300), (middle, 200), (small, 100)):
        fee_of(customer, fee)
    page = fee_statement_page(
        user=finance,
        municipality_id=world["nacka"].pk,
        month=MARCH,
        page_number="1",
        per_page=2,
    )
    assert [s.customer for s in page] == [big, middle]
    assert logged("fee statements 2026-03") == sorted(
        [(big.pk, finance.pk, FINANCE), (middle.pk, finance.pk, FINANCE)]
    )


def test_the_customers_fee_page_is_logged(world, finance):
    customer = world["customer"]
    found = customer_for_fee_page(user=finance, pk=customer.pk, month=MARCH)
    assert found == customer
    assert logged("fee 2026-03") == [(customer.pk, finance.pk, FINANCE)]
    trosa = world["trosa_officer"].memberships.get().municipality
    elsewhere = customer_of(world, "I Trosa", municipality=trosa)
    with pytest.raises(Http404):
        customer_for_fee_page(user=finance, pk=elsewhere.pk, month=MARCH)
    assert len(logged("fee 2026-03")) == 1


def test_the_fee_history_is_part_of_the_logged_page_and_logs_nothing(world):
    statement = fee_of(world["customer"], 350)
    history = fee_history(customer=world["customer"], month=MARCH)
    assert history["statement"] == statement
    assert list(history["statements"]) == [statement]
    assert history["basis"] is None and not history["bases"]
    assert not AccessLog.objects.exclude(what="register").exists()


def test_the_statement_pdf_is_logged_and_404_without_a_statement(world, finance):
    customer = world["customer"]
    statement = fee_of(customer, 350)
    found = fee_statement_for_pdf(user=finance, customer_id=customer.pk, month=MARCH)
    assert found == statement and found.customer == customer
    assert logged("fee PDF 2026-03") == [(customer.pk, finance.pk, FINANCE)]
    with pytest.raises(Http404):
        fee_statement_for_pdf(
            user=finance, customer_id=customer.pk, month=MARCH.replace(month=4)
        )
    assert len(logged("fee PDF 2026-03")) == 1


def test_granted_and_performed_logs_the_customers_on_the_page(world):
    other = customer_of(world, "Anna")
    for customer in (world["customer"], other):
        served(world, customer, world["first"], starts_on=MARCH)
    officer = member(Role.QUALITY_OFFICER, world["nacka"])
    provider = granted_provider(municipality_id=world["nacka"].pk, pk=world["first"].pk)
    shown = granted_customers_page(
        user=officer,
        municipality_id=world["nacka"].pk,
        month=MARCH,
        provider_id=provider.pk,
        page_number="1",
        per_page=1,
    )
    [row] = shown.page.object_list
    assert (row.customer_name, row.granted) == ("Anna", Decimal(20))
    assert len(shown.figures.rows) == 2
    assert logged("granted and performed 2026-03") == [
        (other.pk, officer.pk, Role.QUALITY_OFFICER)
    ]
    with pytest.raises(Http404):
        granted_provider(municipality_id=world["nacka"].pk, pk=ProviderFactory().pk)


@pytest.fixture
def two_visits(world, accepted):
    """This month a visit to Tolvan at 8 and one to Anna at 10, both of
    Första AB."""
    anna = new_customer(world, "19400101-0000", "Anna")
    annas = choose(
        world, world["first"], decision=decided(world, anna, starts_on=A_YEAR_AGO)
    )
    choice_transition(user=world["first_user"], choice=annas, to=ChoiceStatus.ACCEPTED)
    first = TODAY().replace(day=1)
    day = (first.year, first.month, first.day)
    return {
        "month": first,
        "visits": [
            visit_row(choice, at(*day, hour), at(*day, hour + 1))
            for choice, hour in ((accepted, 8), (annas, 10))
        ],
    }


def test_the_month_of_visits_logs_the_customers_on_the_page(world, two_visits):
    user = world["first_user"]
    page = visit_month_page(
        user=user, month=two_visits["month"], page_number="1", per_page=1
    )
    assert list(page) == two_visits["visits"][:1]
    assert logged("visits") == [(world["customer"].pk, user.pk, PROVIDER)]


def test_the_api_logs_the_visits_its_paginator_returns(world, two_visits):
    user = world["first_user"]
    page = visits_for_api(
        user=user, month=two_visits["month"], paginate=lambda visits: visits[1:2]
    )
    [anna_visit] = two_visits["visits"][1:]
    assert list(page) == [anna_visit]
    assert logged("api visits") == [(anna_visit.customer_id, user.pk, PROVIDER)]


def test_one_visit_is_logged_for_its_provider_and_hidden_from_others(world, two_visits):
    visit, user = two_visits["visits"][0], world["first_user"]
    assert visit_for_provider(user=user, pk=visit.pk) == visit
    assert logged("visit") == [(world["customer"].pk, user.pk, PROVIDER)]
    with pytest.raises(Http404):
        visit_for_provider(user=world["second_user"], pk=visit.pk)
    assert len(logged("visit")) == 1


def test_the_visit_forms_choices_are_logged_when_read(world, accepted):
    user = world["first_user"]
    assert list(provider_visits(user=user)) == []
    choices = reportable_choices(user=user)
    assert list(choices) == [accepted]
    assert list(reportable_choices(user=world["second_user"])) == []
    assert not logged("visit form")
    reportable_choices_read(user=user, choices=choices)
    assert logged("visit form") == [(world["customer"].pk, user.pk, PROVIDER)]


def test_a_choice_ended_last_month_can_still_be_reported(world, accepted):
    ended = TODAY().replace(day=1) - timedelta(days=1)
    Choice.objects.filter(pk=accepted.pk).update(ends_on=ended)
    assert list(reportable_choices(user=world["first_user"])) == [accepted]


def test_a_csv_is_uploaded_for_the_users_providers(world):
    assert list(upload_providers(user=world["first_user"])) == [world["first"]]
    assert list(upload_providers(user=world["officer"])) == []
