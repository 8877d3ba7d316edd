"""Public registration of a provider and its first user."""

import pytest
from django.urls import reverse

from kundval.models import Role
from kundval.scoping import scope_of, visible
from providers.models import Provider, ProviderMembership
from tests.factories import MunicipalityFactory, member

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Omtanke i Boo AB",
    "organisation_number": "559100-0004",
    "f_tax_confirmed": "on",
    "vat_registered": "on",
    "street_address": "Boovägen 2",
    "postal_code": "132 30",
    "city": "Saltsjö-Boo",
    "contact_email": "info@omtanke.example.se",
    "contact_phone": "08-555 000 11",
    "signatory_name": "Sara Ström",
    "username": "sara.omtanke",
    "password": "ett-långt-lösenord-2026",
}


def test_registration_creates_provider_and_admin_user(client):
    response = client.post(reverse("provider-register"), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("provider-home")
    provider = Provider.objects.get()
    assert provider.organisation_number == "5591000004"
    assert provider.vat_number == "SE559100000401"
    assert provider.kind == "private" and provider.municipality is None
    assert provider.postal_code == "13230"
    membership = ProviderMembership.objects.get()
    assert membership.is_admin and membership.user.username == "sara.omtanke"
    home = client.get(response["Location"])
    assert "Omtanke i Boo AB" in home.content.decode()


def test_bad_input_saves_nothing_and_says_why(client):
    bad = {**FORM, "organisation_number": "559100-0005", "postal_code": "1323"}
    response = client.post(reverse("provider-register"), bad)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kontrollsiffran stämmer inte" in body
    assert "Ange fem siffror" in body
    assert not Provider.objects.exists()


def test_same_number_twice_is_refused(client):
    client.post(reverse("provider-register"), FORM)
    client.logout()
    again = {**FORM, "username": "someone.else", "name": "Annat namn AB"}
    response = client.post(reverse("provider-register"), again)
    assert response.status_code == 200
    assert "redan registrerad" in response.content.decode()
    assert Provider.objects.count() == 1


def test_provider_user_sees_only_own_provider(client):
    client.post(reverse("provider-register"), FORM)
    other = {
        **FORM,
        "organisation_number": "559100-0012",
        "username": "olle",
        "name": "Annan AB",
    }
    client.logout()
    client.post(reverse("provider-register"), other)
    sara = ProviderMembership.objects.get(user__username="sara.omtanke").user
    assert scope_of(sara).roles == {Role.PROVIDER_USER}
    assert [p.name for p in visible(Provider.objects.all(), sara)] == [
        "Omtanke i Boo AB"
    ]
    officer = member(Role.CASE_OFFICER, MunicipalityFactory())
    assert not visible(Provider.objects.all(), officer).exists()
