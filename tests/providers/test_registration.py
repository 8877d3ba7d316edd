"""Public registration of a provider and its first user."""

import re

import pytest
from django.urls import reverse

from kundval.models import Mail, Role
from kundval.scoping import scope_of, visible
from providers.models import Provider, ProviderMembership
from providers.services import KNOWN_ADDRESS_MAILS_A_DAY
from tests.factories import MunicipalityFactory, UserFactory, member

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
    "email": "Sara@omtanke.example.se",
}


def test_registration_creates_provider_and_admin_user(client):
    response = client.post(reverse("provider-register"), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("provider-registered")
    provider = Provider.objects.get()
    assert provider.organisation_number == "5591000004"
    assert provider.vat_number == "SE559100000401"
    assert provider.kind == "private" and provider.municipality is None
    assert provider.postal_code == "13230"
    membership = ProviderMembership.objects.get()
    user = membership.user
    assert membership.is_admin and user.username == "sara@omtanke.example.se"
    assert not user.has_usable_password()  # chosen from the mailed link
    mail = Mail.objects.get()
    assert mail.recipients == ["Sara@omtanke.example.se"]
    link = re.search(r"http://\S+", mail.body).group(0)
    form_page = client.get(link, follow=True)
    new = "Blåbär-i-november-41"
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    user.refresh_from_db()
    assert user.check_password(new)
    client.force_login(user)
    home = client.get(reverse("provider-home"))
    assert "Omtanke i Boo AB" in home.content.decode()


def test_a_known_address_gets_the_same_answer_and_its_owner_a_mail(client):
    owner = UserFactory(username="sara.omtanke", email="sara@omtanke.example.se")
    answers = [client.post(reverse("provider-register"), FORM, follow=True)]
    again = {**FORM, "organisation_number": "559100-0012", "email": "ny@example.se"}
    answers.append(client.post(reverse("provider-register"), again, follow=True))
    assert answers[0].redirect_chain == answers[1].redirect_chain
    assert _page(answers[0]) == _page(answers[1])
    assert not Provider.objects.filter(organisation_number="5591000004").exists()
    known = Mail.objects.get(recipients=["sara@omtanke.example.se"])
    assert "redan ett konto" in known.body and owner.username in known.body
    assert ProviderMembership.objects.get().user.username == "ny@example.se"


def _page(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.text)


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
    again = {**FORM, "email": "someone.else@example.se", "name": "Annat namn AB"}
    response = client.post(reverse("provider-register"), again)
    assert response.status_code == 200
    assert "redan registrerad" in response.content.decode()
    assert Provider.objects.count() == 1


def test_provider_user_sees_only_own_provider(client):
    client.post(reverse("provider-register"), FORM)
    other = {
        **FORM,
        "organisation_number": "559100-0012",
        "email": "olle@example.se",
        "name": "Annan AB",
    }
    client.logout()
    client.post(reverse("provider-register"), other)
    sara = ProviderMembership.objects.get(user__username="sara@omtanke.example.se").user
    assert scope_of(sara).roles == {Role.PROVIDER_USER}
    assert [p.name for p in visible(Provider.objects.all(), sara)] == [
        "Omtanke i Boo AB"
    ]
    officer = member(Role.CASE_OFFICER, MunicipalityFactory())
    assert not visible(Provider.objects.all(), officer).exists()


def test_registrations_with_a_known_address_mail_its_owner_three_times_a_day_at_most(
    client,
):
    """Each try with a new organisation number is a new cause; the owner's
    inbox still gets only KNOWN_ADDRESS_MAILS_A_DAY of them."""
    owner = UserFactory(email="sara@omtanke.example.se")
    for number in ["559100-0004", "559100-0012", "559100-0020", "559100-0038"]:
        client.post(
            reverse("provider-register"), {**FORM, "organisation_number": number}
        )
    sent = Mail.objects.filter(key__startswith=f"registration-known:{owner.pk}:")
    assert sent.count() == KNOWN_ADDRESS_MAILS_A_DAY
    assert not Provider.objects.exists()
