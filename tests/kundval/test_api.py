"""The REST API skeleton: public municipalities, token auth, OpenAPI."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from kundval.models import Role
from tests.factories import AreaFactory, MunicipalityFactory, ServiceFactory, member

pytestmark = pytest.mark.django_db


def test_municipalities_are_public_with_services_and_areas():
    trosa = MunicipalityFactory(name="Trosa", slug="trosa")
    ServiceFactory(municipality=trosa)
    AreaFactory(municipality=trosa, slug="vagnharad", name="Vagnhärad")
    response = APIClient().get("/api/v1/municipalities/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["slug"] == "trosa"
    assert item["services"] == [
        {"slug": "hemtjanst", "name": "Hemtjänst", "kind": "home_care"}
    ]
    assert item["areas"] == [{"slug": "vagnharad", "name": "Vagnhärad"}]


def test_municipality_list_is_read_only():
    response = APIClient().post("/api/v1/municipalities/", {"name": "X"})
    assert response.status_code in (401, 403, 405)


def test_token_from_drf_create_token_authenticates(capsys):
    officer = member(Role.CASE_OFFICER, MunicipalityFactory())
    call_command("drf_create_token", officer.username)
    token = capsys.readouterr().out.split()[2]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get("/api/v1/municipalities/")
    assert response.status_code == 200
    assert response.renderer_context["request"].user == officer
    client.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert client.get("/api/v1/municipalities/").status_code == 401


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/municipalities/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()
