"""Need decisions: the transition table edge by edge, and the API contract."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from customers.models import DecisionStatus, Intervention, NeedDecision
from customers.services import (
    DECISION_TRANSITIONS,
    customer_register,
    decision_register,
    decision_transition,
)
from kundval.models import AccessLog, Role
from tests.factories import AreaFactory, MunicipalityFactory, ServiceFactory, member
from tests.transitions import check_pair, every_pair

pytestmark = pytest.mark.django_db
D = DecisionStatus


@pytest.fixture
def world():
    nacka = MunicipalityFactory(name="Nacka", slug="nacka")
    service = ServiceFactory(municipality=nacka, slug="hemtjanst")
    officer = member(Role.CASE_OFFICER, nacka)
    customer = customer_register(
        user=officer,
        municipality=nacka,
        identity_number="19121212-1212",
        name="Tolvan",
        area=AreaFactory(municipality=nacka, slug="boo"),
    )
    shopping = Intervention.objects.create(
        service=service, slug="inkop", name="Inköp", category="service"
    )
    return {
        "officer": officer,
        "customer": customer,
        "service": service,
        "shopping": shopping,
        "trosa_officer": member(Role.CASE_OFFICER, MunicipalityFactory()),
    }


def _draft(world, **fields):
    return decision_register(
        user=world["officer"],
        customer=world["customer"],
        service=world["service"],
        hours_per_month=Decimal("12.5"),
        starts_on=date(2026, 12, 1),
        interventions=[world["shopping"]],
        reasons="Behöver hjälp med inköp.",
        **fields,
    )


@pytest.mark.parametrize(("source", "target"), every_pair(DECISION_TRANSITIONS))
def test_every_pair_of_the_decision_table(world, source, target):
    decision = _draft(world)
    NeedDecision.objects.filter(pk=decision.pk).update(status=source)
    if (source, target) in DECISION_TRANSITIONS.edges:
        with pytest.raises(PermissionDenied):
            decision_transition(
                user=world["trosa_officer"], decision=decision, to=target
            )
    moved = check_pair(
        DECISION_TRANSITIONS,
        source,
        target,
        move=lambda who: decision_transition(
            user=world["officer"], decision=decision, to=target, note="skäl"
        ),
        state_of=lambda: NeedDecision.objects.get(pk=decision.pk).status,
    )
    if not moved:
        return
    event = decision.events.get()
    assert (event.from_status, event.to_status, event.by) == (
        source,
        target,
        world["officer"],
    )


def test_bad_decisions_are_refused(world):
    with pytest.raises(ValidationError):
        _draft(world, ends_on=date(2026, 11, 1))  # before it starts
    other = ServiceFactory(municipality=world["customer"].municipality, slug="x")
    with pytest.raises(ValidationError):
        decision_register(
            user=world["officer"],
            customer=world["customer"],
            service=other,
            hours_per_month=Decimal(1),
            starts_on=date(2026, 12, 1),
            interventions=[world["shopping"]],  # of another service
        )
    assert not NeedDecision.objects.exists()


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(world, **fields):
    body = {
        "customer": world["customer"].pk,
        "service": "hemtjanst",
        "hours_per_month": "12.50",
        "starts_on": "2026-12-01",
        "ends_on": None,
        "interventions": ["inkop"],
    }
    return {**body, **fields}


def test_api_registers_a_decided_decision(world):
    response = _api(world["officer"]).post(
        "/api/v1/decisions/", _body(world), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "decided" and body["interventions"] == ["inkop"]
    assert body["hours_per_month"] == "12.50"
    decision = NeedDecision.objects.get(pk=body["id"])
    assert decision.events.get().by == world["officer"]


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"service": "nowhere"}, "service"),
        ({"interventions": ["flyg"]}, "interventions"),
        ({"hours_per_month": "0"}, "hours_per_month"),
        ({"ends_on": "2026-11-01"}, "ends_on"),
        ({"starts_on": "1 december"}, "starts_on"),
    ],
)
def test_api_bad_input_is_400(world, fields, field):
    response = _api(world["officer"]).post(
        "/api/v1/decisions/", _body(world, **fields), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not NeedDecision.objects.exists()


def test_api_scope(world):
    response = _api(world["trosa_officer"]).post(
        "/api/v1/decisions/", _body(world), format="json"
    )
    assert response.status_code == 404
    assert not NeedDecision.objects.exists()


def test_api_read_of_a_decision_is_logged(world):
    """Its reasons are health data: reading it is a read of the customer."""
    decision = _draft(world)
    response = _api(world["officer"]).get(f"/api/v1/decisions/{decision.pk}/")
    assert response.json()["reasons"] == "Behöver hjälp med inköp."
    row = AccessLog.objects.exclude(what="register").get()
    assert (row.customer_id, row.what) == (world["customer"].pk, "api decision")
    assert row.request_id == response["X-Request-ID"]
