"""POST /api/v1/customers/ and GET /api/v1/customers/{id}/: the contract."""

import pytest
from rest_framework.test import APIClient

from customers.models import Customer
from kundval.models import AccessLog, Role
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProviderFactory,
    member,
    provider_user,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/customers/"


@pytest.fixture
def nacka():
    municipality = MunicipalityFactory(name="Nacka", slug="nacka")
    AreaFactory(municipality=municipality, name="Boo", slug="boo")
    return municipality


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(**fields):
    body = {
        "personnummer": "19121212-1212",
        "name": "Tolvan Tolvansson",
        "municipality": "nacka",
        "area": "boo",
    }
    return {**body, **fields}


def test_register_then_read(nacka):
    officer = member(Role.CASE_OFFICER, nacka)
    created = _client(officer).post(URL, _body(), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["personnummer_masked"] == "19121212-****"
    assert "191212121212" not in created.content.decode()
    read = _client(officer).get(f"{URL}{body['id']}/")
    assert read.status_code == 200 and read.json()["area"] == "boo"
    assert AccessLog.objects.filter(customer_id=body["id"], what="api").exists()


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"personnummer": "19121212-1213"}, "personnummer"),
        ({"area": "sicklaon"}, "area"),
        ({"municipality": "nowhere"}, "municipality"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_is_400_with_the_field(nacka, fields, field):
    officer = member(Role.CASE_OFFICER, nacka)
    response = _client(officer).post(URL, _body(**fields), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Customer.objects.exists()


def test_scope(nacka):
    officer = member(Role.CASE_OFFICER, nacka)
    customer_id = _client(officer).post(URL, _body(), format="json").json()["id"]
    trosa = MunicipalityFactory(name="Trosa", slug="trosa")
    trosa_officer = member(Role.CASE_OFFICER, trosa)
    assert _client(trosa_officer).get(f"{URL}{customer_id}/").status_code == 404
    assert _client(trosa_officer).post(URL, _body(), format="json").status_code == 403
    provider = provider_user(ProviderFactory())
    assert _client(provider).get(f"{URL}{customer_id}/").status_code == 403
    assert APIClient().get(f"{URL}{customer_id}/").status_code == 401
