"""Registering customers: who may, what is checked, and the access log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from customers.models import Customer
from customers.selectors import customer_read
from customers.services import customer_register
from kundval.models import AccessLog, Role
from tests.factories import AreaFactory, MunicipalityFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def nacka():
    municipality = MunicipalityFactory(name="Nacka", slug="nacka")
    return municipality, AreaFactory(municipality=municipality, name="Boo")


def _register(user, municipality, area, number="19121212-1212"):
    return customer_register(
        user=user,
        municipality=municipality,
        identity_number=number,
        name="Tolvan Tolvansson",
        area=area,
    )


def test_a_case_officer_registers_and_the_read_is_logged(nacka):
    municipality, area = nacka
    officer = member(Role.CASE_OFFICER, municipality)
    customer = _register(officer, municipality, area)
    assert customer.identity_number == "191212121212"
    assert customer.identity_masked == "19121212-****"
    customer_read(user=officer, customer=customer, what="view")
    logged = AccessLog.objects.filter(customer_id=customer.pk, user=officer)
    assert list(logged.order_by("pk").values_list("what", "role")) == [
        ("register", Role.CASE_OFFICER),
        ("view", Role.CASE_OFFICER),
    ]


def test_a_read_is_logged_in_one_insert_without_loading_the_municipality(
    nacka, django_assert_num_queries
):
    municipality, area = nacka
    officer = member(Role.CASE_OFFICER, municipality)
    customer = Customer.objects.get(pk=_register(officer, municipality, area).pk)
    officer = type(officer).objects.get(pk=officer.pk)  # scope not yet read
    # The two kinds of membership (scope), and the insert: no municipality.
    with django_assert_num_queries(3):
        customer_read(user=officer, customer=customer, what="view")
    assert AccessLog.objects.filter(customer_id=customer.pk, what="view").exists()


def test_only_case_officers_of_the_municipality(nacka):
    municipality, area = nacka
    trosa_officer = member(Role.CASE_OFFICER, MunicipalityFactory())
    quality = member(Role.QUALITY_OFFICER, municipality)
    for user in (trosa_officer, quality):
        with pytest.raises(PermissionDenied):
            _register(user, municipality, area)
    assert not Customer.objects.exists()


def test_bad_input_is_refused_by_field(nacka):
    municipality, area = nacka
    officer = member(Role.CASE_OFFICER, municipality)
    with pytest.raises(ValidationError) as error:
        _register(officer, municipality, area, number="19121212-1213")
    assert "identity_number" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _register(officer, municipality, AreaFactory())
    assert "area" in error.value.message_dict
    _register(officer, municipality, area)
    with pytest.raises(ValidationError) as error:  # the same person again
        _register(officer, municipality, area, number="121212-1212".replace("-", "+"))
    assert "identity_number" in error.value.message_dict
    assert Customer.objects.count() == 1


def test_the_database_holds_twelve_digits_only(nacka):
    municipality, area = nacka
    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.create(
            municipality=municipality,
            identity_number="121212-1212",
            name="x",
            area=area,
        )
