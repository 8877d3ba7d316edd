"""The settlements API contract for finance systems:
`GET /api/v1/settlements/?municipality=<slug>&month=YYYY-MM`."""

import pytest
from rest_framework.test import APIClient

from kundval.models import Role
from tests.factories import MunicipalityFactory, member
from tests.vouchers import test_settlements
from tests.vouchers.test_settlements import months_ago

URL = "/api/v1/settlements/"
finance = test_settlements.finance
last_month = test_settlements.last_month


@pytest.fixture
def api(finance):
    client = APIClient()
    client.force_authenticate(finance)
    return client


def test_a_month_s_settlements_as_the_contract_says(world, last_month, api):
    month = f"{last_month.month:%Y-%m}"
    response = api.get(URL, {"municipality": "nacka", "month": month})
    assert response.status_code == 200
    assert response.json() == [
        {
            "provider": world["first"].organisation_number,
            "provider_name": "Första AB",
            "month": month,
            "status": "draft",
            "lines": [
                {
                    "kind": "band",
                    "band": "Måndag–fredag 06–19",
                    "unit": "hour",
                    "hours": "2.00",
                    "quantity": "2.00",
                    "rate": "310",
                    "amount": "620.00",
                }
            ],
            "unpaid_hours": "0.50",
            "unapproved_hours": "0.00",
            "total": "620.00",
        }
    ]


def test_another_month_is_an_empty_list(world, last_month, api):
    other = f"{months_ago(4):%Y-%m}"
    response = api.get(URL, {"municipality": "nacka", "month": other})
    assert (response.status_code, response.json()) == (200, [])


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ({"month": "2026-10"}, {"municipality"}),
        ({"municipality": "nacka"}, {"month"}),
        ({"municipality": "nacka", "month": "2026-13"}, {"month"}),
        ({"municipality": "nacka", "month": "oktober"}, {"month"}),
        ({}, {"municipality", "month"}),
    ],
)
def test_a_missing_or_bad_parameter_is_400_naming_it(world, api, query, named):
    response = api.get(URL, query)
    assert response.status_code == 400
    assert set(response.json()) == named


def test_another_municipality_is_404(world, last_month):
    client = APIClient()
    client.force_authenticate(
        member(Role.FINANCE_OFFICER, MunicipalityFactory(name="Gnesta", slug="gnesta"))
    )
    month = f"{last_month.month:%Y-%m}"
    assert client.get(URL, {"municipality": "nacka", "month": month}).status_code == 404
    response = client.get(URL, {"municipality": "gnesta", "month": month})
    assert (response.status_code, response.json()) == (200, [])


def test_other_roles_are_refused(world, last_month):
    month = f"{last_month.month:%Y-%m}"
    for user in (member(Role.CASE_OFFICER, world["nacka"]), world["first_user"]):
        client = APIClient()
        client.force_authenticate(user)
        response = client.get(URL, {"municipality": "nacka", "month": month})
        assert response.status_code == 403
    assert APIClient().get(
        URL, {"municipality": "nacka", "month": month}
    ).status_code in {
        401,
        403,
    }


def test_the_schema_documents_the_parameters(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/settlements/"]["get"]
    parameters = {p["name"]: p["required"] for p in operation["parameters"]}
    assert parameters == {"municipality": True, "month": True}
    listed = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["type"] == "array"
