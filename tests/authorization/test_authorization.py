"""Approval creates the authorization; the contract puts it in force; open data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from authorization.models import Authorization
from authorization.services import (
    application_transition,
)
from kundval.models import Role
from tests.authorization.conftest import submit_application
from tests.factories import ProviderFactory, member, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(nacka_call):
    provider = ProviderFactory(name="Omtanke AB", slug="omtanke")
    application, applicant = submit_application(
        nacka_call, provider, area_slugs=("boo", "alta")
    )
    officer = member(Role.QUALITY_OFFICER, nacka_call.service.municipality)
    application_transition(
        user=officer, application=application, to="approved", note="Ok."
    )
    application.refresh_from_db()
    return {"authorization": application.authorization, "applicant": applicant}


def _listed(client, **filters) -> list[str]:
    response = client.get("/api/v1/providers/", {"limit": 500, **filters})
    assert response.status_code == 200
    return [item["slug"] for item in response.json()["results"]]


def test_approval_creates_authorization_for_the_areas_applied_for(approved):
    authorization = approved["authorization"]
    assert authorization.service.slug == "hemtjanst"
    assert sorted(a.slug for a in authorization.areas.all()) == ["alta", "boo"]
    assert authorization.valid_from == timezone.localdate()
    assert authorization.contract_accepted_at is None


def test_listed_only_after_the_contract_is_accepted(client, approved):
    assert "omtanke" not in _listed(client)
    client.force_login(approved["applicant"])
    url = reverse("contract", args=[approved["authorization"].pk])
    assert "Godkänn avtalet" in client.get(url).content.decode()
    client.post(url)
    client.post(url)  # a second acceptance changes nothing
    authorization = Authorization.objects.get(pk=approved["authorization"].pk)
    assert authorization.contract_accepted_by == approved["applicant"]
    client.logout()
    assert "omtanke" in _listed(client)
    [item] = [
        p
        for p in client.get("/api/v1/providers/", {"limit": 500}).json()["results"]
        if p["slug"] == "omtanke"
    ]
    assert item["organisation_number"].count("-") == 1
    [served] = item["authorizations"]
    assert (served["municipality"], served["service"]) == ("nacka", "hemtjanst")
    assert sorted(served["areas"]) == ["alta", "boo"]
    assert served["valid_from"] == str(timezone.localdate())


def test_filters_and_revocation(client, approved):
    Authorization.objects.update(contract_accepted_at=timezone.now())
    nacka_boo = _listed(client, municipality="nacka", service="hemtjanst", area="boo")
    assert "omtanke" in nacka_boo
    assert "omtanke" not in _listed(client, area="fisksatra")
    assert "omtanke" not in _listed(client, municipality="trosa")
    assert "trosa-service" in _listed(client, municipality="trosa")
    assert "trosa-service" not in _listed(client, municipality="nacka")
    Authorization.objects.update(revoked_from=timezone.localdate() + timedelta(days=1))
    assert "omtanke" in _listed(client)  # revoked from tomorrow: still listed today
    Authorization.objects.update(revoked_from=timezone.localdate())
    assert _listed(client) == []  # every demo authorization is revoked today


def test_another_provider_cannot_accept_the_contract(client, approved):
    client.force_login(provider_user(ProviderFactory()))
    url = reverse("contract", args=[approved["authorization"].pk])
    assert client.post(url).status_code == 404
    authorization = Authorization.objects.get(pk=approved["authorization"].pk)
    assert authorization.contract_accepted_at is None
