"""POST /api/v1/choices/ and GET /api/v1/choices/?customer={id}: the contract,
and scope: who may read a customer, in the pages and the API (404)."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from customers.models import Choice, ChoiceStatus, SwitchReason
from customers.services import choice_record, choice_transition
from kundval.models import AccessLog
from tests.customers.conftest import TODAY, choose

URL = "/api/v1/choices/"


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _post(world, provider, starts_on, **extra):
    body = {
        "decision": world["decision"].pk,
        "provider": provider,
        "starts_on": starts_on.isoformat(),
        **extra,
    }
    return _client(world["officer"]).post(URL, body, format="json")


def test_choose_then_switch_then_history(world):
    first_number = world["first"].organisation_number
    started = world["decision"].starts_on
    created = _post(world, first_number, started)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["provider"] == first_number
    assert (body["status"], body["non_choice"]) == ("ordered", False)
    switched = _post(world, None, TODAY() + timedelta(days=3))
    assert switched.status_code == 201, switched.json()
    assert switched.json()["non_choice"] is True
    assert switched.json()["switch_reason"] == SwitchReason.OTHER
    history = _client(world["officer"]).get(URL, {"customer": world["customer"].pk})
    assert history.status_code == 200
    rows = history.json()["results"]
    assert [r["id"] for r in rows] == [body["id"], switched.json()["id"]]
    assert rows[0]["ends_on"] == (TODAY() + timedelta(days=2)).isoformat()
    assert AccessLog.objects.filter(what="api choices").count() == 1


def test_organisation_number_with_hyphen(world):
    number = world["first"].organisation_number
    answer = _post(world, f"{number[:6]}-{number[6:]}", world["decision"].starts_on)
    assert answer.status_code == 201, answer.json()


@pytest.mark.parametrize(
    "provider,days,field,message",
    [
        ("elsewhere", 0, "provider", "inte auktoriserad"),
        ("unknown", 0, "provider", "organisationsnumret"),
        ("first", -30, "starts_on", "inom beslutets period"),
    ],
)
def test_refusals_are_400_with_the_field(world, provider, days, field, message):
    number = (
        "5599999999" if provider == "unknown" else world[provider].organisation_number
    )
    answer = _post(world, number, world["decision"].starts_on + timedelta(days=days))
    assert answer.status_code == 400
    assert message in " ".join(answer.json()[field])
    assert not Choice.objects.exists()


def test_an_overlap_is_400(world):
    number = world["first"].organisation_number
    _post(world, number, TODAY() + timedelta(days=5))
    answer = _post(world, world["own"].organisation_number, TODAY() + timedelta(days=2))
    assert answer.status_code == 400
    assert "måste börja efter" in str(answer.json())
    assert Choice.objects.count() == 1


def test_another_municipality_gets_404(world):
    client = _client(world["trosa_officer"])
    body = {
        "decision": world["decision"].pk,
        "provider": None,
        "starts_on": "2026-12-01",
    }
    assert client.post(URL, body, format="json").status_code == 404
    assert client.get(URL, {"customer": world["customer"].pk}).status_code == 404
    assert client.get(f"/api/v1/customers/{world['customer'].pk}/").status_code == 404


def test_history_needs_a_customer(world):
    answer = _client(world["officer"]).get(URL)
    assert answer.status_code == 400
    assert "customer" in answer.json()


def test_a_provider_cannot_record_a_choice(world):
    body = {
        "decision": world["decision"].pk,
        "provider": None,
        "starts_on": "2026-12-01",
    }
    client = _client(world["first_user"])
    assert client.post(URL, body, format="json").status_code in (403, 404)
    assert not Choice.objects.exists()


def _switched_away_from_first(world):
    """First from the decision's start, then the own unit from today: the
    first provider's last day was yesterday."""
    old = choose(world, world["first"])
    choice_transition(user=world["first_user"], choice=old, to=ChoiceStatus.ACCEPTED)
    choice_record(
        user=world["officer"],
        decision=world["decision"],
        provider=world["own"],
        starts_on=TODAY(),
        switch_reason=SwitchReason.QUALITY,
    )
    return old


def test_provider_sees_its_customer_while_the_choice_lasts(world, client):
    choice = choose(world, world["first"])
    client.force_login(world["first_user"])
    page = client.get(f"/anordnare/kunder/{choice.pk}/")
    assert page.status_code == 200
    assert "Tolvan" in page.content.decode()
    api = _client(world["first_user"]).get(URL, {"customer": world["customer"].pk})
    assert [r["id"] for r in api.json()["results"]] == [choice.pk]
    assert AccessLog.objects.filter(user=world["first_user"]).count() == 2


def test_provider_never_assigned_gets_404(world, client):
    choice = choose(world, world["first"])
    client.force_login(world["second_user"])
    assert client.get(f"/anordnare/kunder/{choice.pk}/").status_code == 404
    assert "Tolvan" not in client.get("/anordnare/kunder/").content.decode()
    api = _client(world["second_user"]).get(URL, {"customer": world["customer"].pk})
    assert api.status_code == 404


def test_provider_loses_the_customer_after_the_switch_date(world, client):
    old = _switched_away_from_first(world)
    client.force_login(world["first_user"])
    assert client.get(f"/anordnare/kunder/{old.pk}/").status_code == 404
    listing = client.get("/anordnare/kunder/").content.decode()
    assert "Tolvan" not in listing
    api = _client(world["first_user"]).get(URL, {"customer": world["customer"].pk})
    assert api.status_code == 404
    # The new provider has the customer, and only its own choice of the history.
    api = _client(world["own_user"]).get(URL, {"customer": world["customer"].pk})
    assert [r["provider"] for r in api.json()["results"]] == [
        world["own"].organisation_number
    ]


def test_trosa_officer_cannot_open_nacka_pages(world, client):
    client.force_login(world["trosa_officer"])
    decision = world["decision"]
    for url in (
        f"/handlaggare/kunder/{world['customer'].pk}/",
        f"/handlaggare/kunder/beslut/{decision.pk}/val/",
        f"/handlaggare/kunder/beslut/{decision.pk}/brev/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        "Tolvan" not in client.get("/handlaggare/kunder/arbetslista/").content.decode()
    )
