"""The case officer's customer pages: the number only in POST bodies, scope,
and a log row for every view."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from customers.models import Customer
from customers.services import decision_register, decision_transition
from kundval.models import AccessLog, Role
from tests.factories import AreaFactory, MunicipalityFactory, ServiceFactory, member
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    nacka = MunicipalityFactory(name="Nacka", slug="nacka")
    AreaFactory(municipality=nacka, name="Boo", slug="boo")
    user = member(Role.CASE_OFFICER, nacka)
    client.force_login(user)
    return user


def _register(client, number="19121272-1219"):
    area = Customer._meta.get_field("area").related_model.objects.get(slug="boo")
    return client.post(
        reverse("customer-new"),
        {"identity_number": number, "name": "Sam Samordning", "area": area.pk},
    )


def test_register_search_and_view(client, officer):
    response = _register(client)
    customer = Customer.objects.get()
    assert response["Location"] == reverse("customer-page", args=[customer.pk])
    assert "1219" not in response["Location"]
    found = client.post(reverse("customer-search"), {"identity_number": "191212721219"})
    assert found["Location"] == reverse("customer-page", args=[customer.pk])
    page = client.get(found["Location"]).content.decode()
    assert "19121272-1219" in page and "samordningsnummer" in page
    reads = AccessLog.objects.filter(customer_id=customer.pk, user=officer)
    assert sorted(reads.values_list("what", flat=True)) == ["customer page", "register"]


def test_errors_are_shown_on_the_form(client, officer):
    page = _register(client, number="19121272-1218").content.decode()
    assert "Kontrollsiffran stämmer inte" in page
    _register(client)
    assert "Kunden är redan registrerad" in _register(client).content.decode()
    missing = client.post(
        reverse("customer-search"), {"identity_number": "121212-1212"}
    )
    assert "Ingen kund med det numret" in missing.content.decode()
    assert Customer.objects.count() == 1


def test_another_municipality_sees_nothing(client, officer):
    _register(client)
    customer = Customer.objects.get()
    client.force_login(member(Role.CASE_OFFICER, MunicipalityFactory()))
    assert client.get(reverse("customer-page", args=[customer.pk])).status_code == 404
    search = client.post(
        reverse("customer-search"), {"identity_number": "191212721219"}
    )
    assert search.status_code == 200  # not found, and no redirect to it
    assert not AccessLog.objects.exclude(user=officer).exists()


def test_the_decision_letter(client, officer, tmp_path):
    _register(client)
    customer = Customer.objects.get()
    decision = decision_register(
        user=officer,
        customer=customer,
        service=ServiceFactory(municipality=customer.municipality),
        hours_per_month=Decimal(20),
        starts_on=date(2026, 12, 1),
        reasons="Behöver hjälp med personlig hygien.",
    )
    letter = reverse("decision-letter", args=[decision.pk])
    assert client.get(letter).status_code == 404  # a draft has no letter
    decision_transition(user=officer, decision=decision, to="decided")
    response = client.get(letter)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in ("Beslut om bistånd", "Sam Samordning", "tre veckor"):
        assert expected in text
    assert "förvaltningsrätten" in text and "personlig hygien" in text
    assert AccessLog.objects.filter(what="decision letter", user=officer).exists()
    client.force_login(member(Role.CASE_OFFICER, MunicipalityFactory()))
    assert client.get(letter).status_code == 404
