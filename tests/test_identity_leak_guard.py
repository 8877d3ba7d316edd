"""The guard every browser journey runs under finds a number written any way."""

import pytest

from customers.models import Customer
from tests.browser.leaks import IdentityNumberGuard, ten_digit_forms
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written",
    ["19121212-1212", "191212121212", "121212-1212", "121212+1212", "1212121212"],
)
def test_every_way_of_writing_a_number_is_found(written):
    assert ten_digit_forms(f"/kunder/?q={written}&x=1") == {"1212121212"}


def test_other_numbers_are_not_taken_for_one():
    assert ten_digit_forms("order 12345, 2026-12-02 10:00, id 987654321") == set()


def test_the_guard_reports_a_customers_number_and_nothing_else():
    area = AreaFactory()
    Customer.objects.create(
        municipality=area.municipality,
        identity_number="191212121212",
        name="Tolvan Tolvansson",
        area=area,
    )
    guard = IdentityNumberGuard()
    guard.seen += ["url http://x/kunder/?pnr=121212-1212", "url http://x/kunder/7/"]
    assert guard.leaks() == ["url http://x/kunder/?pnr=121212-1212"]
