"""Two-factor sign-in in the browser: enrol with an authenticator, keep the
recovery codes, sign in again with a code from the app and with a recovery
code, which then works no more."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _sign_out(page):
    page.get_by_role("button", name=re.compile("Logga ut")).click()


def _enter(page, code: str):
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name=re.compile("Fortsätt|Bekräfta")).click()


def _next_code(key: bytes) -> str:
    """The code of the step after the last one the portal accepted (each is
    taken once). Not "now plus one": had enrolment crossed a 30-second
    boundary, the device learnt a drift of -1 and would refuse that."""
    device = TOTPDevice.objects.get(user__username="handlaggare.nacka")
    code = TOTP(key, step=device.step, t0=device.t0, digits=device.digits)
    code.time = device.t0 + (device.last_t + 1) * device.step
    return f"{code.token():06d}"


def test_enrol_then_sign_in_with_app_and_recovery_code(
    page, live_server, demo, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    home = live_server.url + "/handlaggare/"
    login(page, live_server, "handlaggare.nacka")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Aktivera tvåstegsinloggning"
    )
    assert page.get_by_role("img", name="QR-kod för autentiseringsappen").is_visible()
    assert_accessible(page)
    # What the user's app does with the key it scanned.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret)
    _enter(page, f"{totp(key):06d}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Dina reservkoder")
    codes = page.get_by_role("list", name="Reservkoder").get_by_role("listitem")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Jag har sparat koderna, fortsätt").click()
    expect(page).to_have_url(home)
    _sign_out(page)

    # Again: the password, then the app's code (the next one: each once).
    login(page, live_server, "handlaggare.nacka")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsinloggning")
    assert_accessible(page)
    _enter(page, _next_code(key))
    expect(page).to_have_url(home)
    _sign_out(page)

    # Without the phone: a recovery code, once.
    login(page, live_server, "handlaggare.nacka")
    _enter(page, recovery)
    expect(page).to_have_url(home)
    _sign_out(page)
    login(page, live_server, "handlaggare.nacka")
    _enter(page, recovery)
    expect(page.get_by_text("Koden är fel eller har redan använts.")).to_be_visible()
    page.goto(home)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsinloggning")
