"""Two-factor sign-in (kundval/twofactor.py): enrolment, recovery codes,
verification, the API, Django's admin and an administrator's reset."""

import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kundval.models import Role, TwoFactorReset
from kundval.twofactor import totp_enrol_confirm, totp_enrolment_device
from tests.factories import MunicipalityFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def municipality():
    return MunicipalityFactory()


@pytest.fixture
def officer(municipality):
    return member(Role.CASE_OFFICER, municipality)


def code_of(device: TOTPDevice, drift: int = 0) -> str:
    """What the user's app shows now (drift=1: in the next 30 seconds)."""
    return f"{totp(device.bin_key, drift=drift):06d}"


def enrolled(user) -> list[str]:
    """Enrol `user` as the enrolment page does; the recovery codes."""
    device = totp_enrolment_device(user=user)
    _device, codes = totp_enrol_confirm(user=user, token=code_of(device))
    return codes


def test_password_alone_leads_to_enrolment(client, officer):
    client.force_login(officer)
    response = client.get(reverse("start-case-officer"), follow=True)
    assert response.redirect_chain[0][0] == (
        f"{reverse('two-factor')}?next={reverse('start-case-officer')}"
    )
    assert response.redirect_chain[-1][0].startswith(reverse("two-factor-enrol"))
    body = response.content.decode()
    assert "data:image/svg+xml" in body
    assert "Aktivera tvåstegsinloggning" in body


def test_enrolment_confirms_shows_codes_once_and_lets_in(client, officer):
    client.force_login(officer)
    next_url = reverse("start-case-officer")
    enrol = f"{reverse('two-factor-enrol')}?next={next_url}"
    client.get(enrol)
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    wrong = client.post(enrol, {"code": "abcdef"})
    assert wrong.status_code == 200 and not user_has_device(officer)
    # After a wrong code django-otp waits a second before it tries another.
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        response = client.post(enrol, {"code": code_of(device), "next": next_url})
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", codes_page.content.decode())
    assert len(codes) == 10
    again = client.get(response["Location"])
    assert again.status_code == 302  # shown once only
    assert client.get(next_url).status_code == 200


def test_no_second_authenticator_with_a_password_alone(client, officer):
    enrolled(officer)
    client.force_login(officer)
    response = client.get(reverse("two-factor-enrol"))
    assert response["Location"].startswith(reverse("two-factor"))
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_signs_in_with_a_code_from_the_app(client, officer):
    enrolled(officer)
    device = TOTPDevice.objects.get(user=officer)
    client.force_login(officer)
    verify = reverse("two-factor")
    # The enrolment used this period's code; the app's next one is accepted.
    response = client.post(
        verify, {"code": code_of(device, drift=1), "next": reverse("start")}
    )
    assert response["Location"] == reverse("start")
    assert client.get(reverse("start-case-officer")).status_code == 200


def test_a_recovery_code_works_once(client, officer):
    code = enrolled(officer)[0]
    client.force_login(officer)
    response = client.post(reverse("two-factor"), {"code": code.upper()})
    assert response.status_code == 302
    assert client.get(reverse("start-case-officer")).status_code == 200
    client.post(reverse("logout"))
    client.force_login(officer)
    response = client.post(reverse("two-factor"), {"code": code})
    assert response.status_code == 200
    assert "fel eller har redan använts" in response.content.decode()
    assert client.get(reverse("start-case-officer")).status_code == 302


def test_api_by_session_needs_the_second_factor_and_by_token_not(officer):
    session = APIClient()
    session.force_login(officer)
    assert session.get("/api/v1/choices/").status_code == 403
    machine = APIClient()
    token = Token.objects.create(user=officer)
    machine.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    # Past the permission: the list itself asks for a provider filter.
    assert machine.get("/api/v1/choices/").status_code == 400


def test_django_admin_needs_the_second_factor(client):
    operator = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(operator)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two-factor-enrol"))


def test_off_in_demo_mode_only():
    program = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kundval.settings';"
        "django.setup(); from django.conf import settings;"
        "print(settings.TWO_FACTOR_REQUIRED)"
    )
    answers = {}
    for demo in ("on", "off"):
        env = {"KUNDVAL_ENV_FILE": "/nonexistent", "DEBUG": "on", "DEMO_MODE": demo}
        result = subprocess.run(
            [sys.executable, "-c", program],
            env={**_path_env(), **env},
            capture_output=True,
            text=True,
            check=True,
        )
        answers[demo] = result.stdout.strip()
    assert answers == {"on": "False", "off": "True"}


def _path_env() -> dict:
    return {k: v for k, v in os.environ.items() if k in {"PATH", "DATABASE_URL"}}


def test_administrator_resets_a_user_of_the_municipality(client, municipality, officer):
    enrolled(officer)
    admin = member(Role.ADMINISTRATOR, municipality)
    enrolled(admin)
    client.force_login(admin)
    _verify(client, admin)
    page = client.get(reverse("two-factor-reset-list"))
    assert officer.username in page.content.decode()
    response = client.post(reverse("two-factor-reset", args=[officer.pk]))
    assert response.status_code == 302
    assert not user_has_device(officer, confirmed=None)
    assert TwoFactorReset.objects.get().by == admin


def test_administrator_of_another_municipality_cannot_reset(client, officer):
    enrolled(officer)
    stranger = member(Role.ADMINISTRATOR, MunicipalityFactory())
    enrolled(stranger)
    client.force_login(stranger)
    _verify(client, stranger)
    assert (
        officer.username
        not in client.get(reverse("two-factor-reset-list")).content.decode()
    )
    response = client.post(reverse("two-factor-reset", args=[officer.pk]))
    assert response.status_code == 404
    assert user_has_device(officer)
    assert not TwoFactorReset.objects.exists()


def _verify(client, user) -> None:
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("two-factor"), {"code": code_of(device, drift=1)})
    assert response.status_code == 302


def test_site_administrator_resets_from_django_admin(client, officer):
    enrolled(officer)
    operator = UserFactory(is_staff=True, is_superuser=True)
    enrolled(operator)
    client.force_login(operator)
    _verify(client, operator)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [officer.pk]},
    )
    assert response.status_code == 302
    assert not user_has_device(officer, confirmed=None)
    assert TwoFactorReset.objects.get().by == operator


def test_wrong_codes_slow_down_the_next_try(client, officer):
    enrolled(officer)
    device = TOTPDevice.objects.get(user=officer)
    client.force_login(officer)
    for _ in range(3):
        client.post(reverse("two-factor"), {"code": "000000"})
    # Even the right code is refused while the wait (1, 2, 4 s) lasts.
    response = client.post(reverse("two-factor"), {"code": code_of(device, drift=1)})
    assert response.status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        response = client.post(
            reverse("two-factor"), {"code": code_of(device, drift=1)}
        )
    assert response.status_code == 302
