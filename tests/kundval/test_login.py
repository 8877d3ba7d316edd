"""Login, logout and lockout (django-axes), in Swedish."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kundval.models import Role
from tests.factories import PASSWORD, MunicipalityFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return member(Role.CASE_OFFICER, MunicipalityFactory())


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_login_lands_on_role_start_page(client, officer):
    response = _login(client, officer.username, PASSWORD)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("start-case-officer")
    assert "Handläggare" in response.content.decode()


def test_wrong_password_says_so_in_swedish(client, officer):
    response = _login(client, officer.username, "wrong")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()


def test_lockout_after_repeated_failures(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, officer.username, "wrong")
    response = _login(client, officer.username, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "tillfälligt låst" in body
    assert "15 minuter" in body
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_and_address(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, officer.username, "wrong", address="10.0.0.1")
    response = _login(client, officer.username, PASSWORD, address="10.0.0.2")
    assert response.status_code == 302


def test_lock_lifts_after_cool_off(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, officer.username, "wrong")
    assert _login(client, officer.username, PASSWORD).status_code == 429
    later = timezone.now() + timedelta(minutes=15, seconds=1)
    with time_machine.travel(later):
        assert _login(client, officer.username, PASSWORD).status_code == 302


def test_logout_requires_post(client, officer):
    client.force_login(officer)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_start_page_denies_user_without_role(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("start"))
    assert response.status_code == 403
    assert "Åtkomst nekad" in response.content.decode()


def test_swedish_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in response.content.decode()
    assert "Välj vem som hjälper dig hemma" in response.content.decode()


def test_language_switch_gives_english(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, follow=True
    )
    assert '<html lang="en">' in response.content.decode()
    assert "Choose who helps you at home" in response.content.decode()


def test_field_errors_are_tied_to_their_fields(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    body = response.content.decode()
    assert 'aria-describedby="id_username_error"' in body
    assert 'id="id_username_error"' in body
    assert 'for="id_username"' in body and 'for="id_password"' in body


def test_server_error_page_is_swedish(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="sv">' in body
    assert "Något gick fel" in body


def test_an_overlong_username_is_a_form_error(client):
    response = _login(client, "x" * 100_000, "wrong")
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
