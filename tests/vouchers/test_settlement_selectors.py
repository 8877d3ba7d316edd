"""The settlement pages' reads: the unpaid visits are read and their
customers' access logged in one place, and nothing is read or logged of a
settlement the user may not see."""

from kundval.models import AccessLog, Role
from tests.factories import MunicipalityFactory, member
from tests.vouchers import test_settlements
from vouchers.settlement.selectors import (
    settlement_for_review,
    settlement_unpaid_visits,
    settlements_for_api,
)

# The service tests' fixtures: a finance officer of Nacka, and last month's
# settlement of Första AB (2 h at 310 SEK, half an hour in no band).
finance = test_settlements.finance
last_month = test_settlements.last_month


def test_reading_the_unpaid_visits_logs_their_customers(world, last_month, finance):
    rows = settlement_unpaid_visits(user=finance, settlement=last_month)
    assert [seconds for _id, _start, _end, seconds in rows] == [1800]
    logged = AccessLog.objects.get(user=finance)
    assert logged.customer_id == world["customer"].pk
    assert logged.what == f"settlement unpaid time {last_month.month:%Y-%m}"


def test_a_settlement_out_of_scope_is_none_and_nothing_is_logged(world, last_month):
    outsider = member(Role.FINANCE_OFFICER, MunicipalityFactory(name="Gnesta"))
    review = settlement_for_review(
        user=outsider, role=Role.FINANCE_OFFICER, pk=last_month.pk
    )
    assert review is None
    assert not AccessLog.objects.filter(user=outsider).exists()


def test_the_apis_settlements_are_those_of_the_officers_municipality(
    world, last_month, finance
):
    month, nacka = last_month.month, world["nacka"].pk
    found = settlements_for_api(user=finance, municipality_id=nacka, month=month)
    assert list(found) == [last_month]
    outsider = member(Role.FINANCE_OFFICER, MunicipalityFactory(name="Gnesta"))
    hidden = settlements_for_api(user=outsider, municipality_id=nacka, month=month)
    assert not hidden.exists()
