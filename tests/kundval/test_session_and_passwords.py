"""Sessions end after 30 minutes idle; passwords are long, uncommon and not
the user's name (settings.AUTH_PASSWORD_VALIDATORS)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kundval.models import Role
from tests.factories import MunicipalityFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_session_lasts_while_used_and_ends_after_30_idle_minutes(client):
    officer = member(Role.CASE_OFFICER, MunicipalityFactory())
    client.force_login(officer)
    page = reverse("start-case-officer")
    now = timezone.now()
    # Used every 25 minutes, it goes on well past 30 minutes in all.
    for minutes in (25, 50, 75):
        with time_machine.travel(now + timedelta(minutes=minutes)):
            assert client.get(page).status_code == 200
    with time_machine.travel(now + timedelta(minutes=75 + 31)):
        response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "password,message",
    [
        ("Kort-lösen1", "minst 12 tecken"),
        ("password1234", "för vanligt"),
        ("sara.omtanke2", "för likt"),
        ("731946285017", "enbart numeriskt"),
    ],
)
def test_weak_passwords_are_refused_in_swedish(password, message):
    user = UserFactory.build(username="sara.omtanke", email="sara@omtanke.se")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert any(message in text for text in refused.value.messages), refused.value


def test_a_long_uncommon_password_is_accepted():
    user = UserFactory.build(username="sara.omtanke")
    validate_password("Blåbär-i-november-41", user)
