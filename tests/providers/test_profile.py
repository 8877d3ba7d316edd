"""A provider's administrator edits the profile; every change is recorded."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import model_to_dict
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from providers.models import PROFILE_FIELDS, ProviderChange, ProviderMembership
from providers.services import provider_update
from tests.accessibility import assert_accessible
from tests.factories import PASSWORD, ProviderFactory, UserFactory, provider_user

pytestmark = pytest.mark.django_db

URL = reverse("provider-profile")


@pytest.fixture
def provider():
    return ProviderFactory(name="Omtanke AB", street_address="Storgatan 1")


@pytest.fixture
def admin(provider):
    user = provider_user(provider)
    ProviderMembership.objects.filter(user=user).update(is_admin=True)
    return user


def _form_data(provider, **changes) -> dict:
    data = {**model_to_dict(provider, fields=PROFILE_FIELDS), **changes}
    if not data["f_tax_confirmed"]:
        del data["f_tax_confirmed"]  # an unticked box is not posted
    return data


def test_admin_changes_address_and_the_change_is_recorded(client, provider, admin):
    client.force_login(admin)
    data = _form_data(provider, street_address="Boovägen 2", f_tax_confirmed=False)
    assert client.post(URL, data).status_code == 302
    provider.refresh_from_db()
    assert provider.street_address == "Boovägen 2"
    assert not provider.f_tax_confirmed
    changes = {change.field: change for change in provider.changes.all()}
    assert set(changes) == {"street_address", "f_tax_confirmed"}
    address = changes["street_address"]
    assert (address.old_value, address.new_value) == ("Storgatan 1", "Boovägen 2")
    assert address.by == admin
    page = client.get(URL).content.decode()
    assert "Storgatan 1" in page and "Boovägen 2" in page
    assert "<td>Ja</td><td>Nej</td>" in page  # F-tax, yes → no, in Swedish


def test_history_shows_stockholm_time_latest_first(client, provider, admin):
    for at in (
        datetime(2026, 1, 15, 11, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 8, 0, tzinfo=UTC),
    ):
        ProviderChange.objects.create(
            provider=provider,
            field="city",
            old_value="a",
            new_value="b",
            by=admin,
            at=at,
        )
    client.force_login(admin)
    page = client.get(URL).content.decode()
    # UTC+1 in winter, UTC+2 in summer; the summer change is the later one.
    assert page.index("2026-07-01 10:00") < page.index("2026-01-15 12:30")


def test_member_who_is_not_admin_sees_but_cannot_change(client, provider):
    colleague = provider_user(provider)
    client.force_login(colleague)
    response = client.get(URL)
    assert 'value="Storgatan 1"' in response.content.decode()
    form = response.context["form"]
    assert all(field.disabled for field in form.fields.values())
    assert '<form method="post" novalidate>' not in response.content.decode()
    data = _form_data(provider, street_address="Boovägen 2")
    assert client.post(URL, data).status_code == 403
    provider.refresh_from_db()
    assert provider.street_address == "Storgatan 1"
    assert not ProviderChange.objects.exists()
    with pytest.raises(PermissionDenied):
        provider_update(user=colleague, provider=provider, changes={"city": "Boo"})


def test_user_of_another_provider_gets_nothing(client, provider):
    stranger = provider_user(ProviderFactory(name="Främling AB"))
    ProviderMembership.objects.filter(user=stranger).update(is_admin=True)
    client.force_login(stranger)
    own_page = client.get(URL).content.decode()
    assert "Främling AB" in own_page and "Omtanke AB" not in own_page
    url = f"{URL}?anordnare={provider.pk}"
    assert client.get(url).status_code == 404
    data = _form_data(provider, street_address="Boovägen 2")
    assert client.post(url, data).status_code == 404
    assert client.get(f"{URL}?anordnare=x").status_code == 404
    with pytest.raises(PermissionDenied):
        provider_update(user=stranger, provider=provider, changes={"city": "Boo"})
    no_role = UserFactory()
    client.force_login(no_role)
    assert client.get(URL).status_code == 403
    provider.refresh_from_db()
    assert provider.street_address == "Storgatan 1"


def test_invalid_email_is_a_form_error_and_nothing_is_saved(client, provider, admin):
    client.force_login(admin)
    data = _form_data(provider, contact_email="inte-en-adress", city="Boo")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["contact_email"]
    provider.refresh_from_db()
    assert (provider.contact_email, provider.city) == ("kontakt@example.se", "Nacka")
    assert not ProviderChange.objects.exists()


def test_service_refuses_what_the_model_refuses(provider, admin):
    """Without the form in front: the model's own validation, as a ValidationError."""
    for changes in ({"contact_email": "inte-en-adress"}, {"name": ""}):
        with pytest.raises(ValidationError) as refused:
            provider_update(user=admin, provider=provider, changes=changes)
        assert set(refused.value.message_dict) == set(changes)
    provider.refresh_from_db()
    assert provider.name == "Omtanke AB"
    assert not ProviderChange.objects.exists()


def test_unchanged_save_writes_no_row(client, provider, admin):
    client.force_login(admin)
    # The space people write in a postal code is not a change.
    data = _form_data(provider, postal_code="131 81")
    response = client.post(URL, data, follow=True)
    with translation.override("sv"):
        assert gettext("Nothing was changed.") in response.content.decode()
    assert not ProviderChange.objects.exists()
    assert (
        provider_update(user=admin, provider=provider, changes={"city": "Nacka"}) == []
    )


@pytest.mark.browser
def test_admin_edits_the_profile_in_the_browser(page, live_server, transactional_db):
    provider = ProviderFactory(name="Omtanke AB", street_address="Storgatan 1")
    admin = provider_user(provider)
    ProviderMembership.objects.filter(user=admin).update(is_admin=True)
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(admin.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    # In English: the texts of this page may not be translated yet.
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt").click()
    page.get_by_role("link", name="Profile of Omtanke AB and its changes").click()
    page.get_by_label("Street address").fill("Boovägen 2")
    page.get_by_label("Contact e-mail").fill("inte-en-adress")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)  # errors tied to their fields
    page.get_by_label("Contact e-mail").fill("info@omtanke.example.se")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("The profile has been saved.")
    expect(page.get_by_role("cell", name="Boovägen 2")).to_be_visible()
    assert_accessible(page)
