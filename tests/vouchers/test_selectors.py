"""The voucher selectors that fetch what a page shows and log the read:
each writes its access-log rows (customer, what, user), and only for what
it returns."""

from decimal import Decimal

import pytest
from django.http import Http404

from kundval.models import AccessLog, Role
from tests.factories import ProviderFactory, member
from tests.vouchers.test_fees import MARCH, customer_of, served
from vouchers.models import FeeStatement
from vouchers.selectors import (
    customer_for_fee_page,
    fee_history,
    fee_statement_for_pdf,
    fee_statement_page,
    granted_customers_page,
    granted_provider,
)

FINANCE = Role.FINANCE_OFFICER


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
