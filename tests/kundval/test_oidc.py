"""Municipal single sign-on (kundval/oidc.py), with the identity provider
faked: no network. An existing account is matched by e-mail, none is made,
and the session counts as past the second factor."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from kundval.models import Role
from kundval.oidc import MunicipalOIDCBackend
from tests.factories import MunicipalityFactory, member

pytestmark = pytest.mark.django_db

BACKEND = "kundval.oidc.MunicipalOIDCBackend"


@pytest.fixture
def sso(settings, monkeypatch):
    """Single sign-on on; the identity provider says `claims` for any code."""
    settings.OIDC_ENABLED = True
    settings.TWO_FACTOR_REQUIRED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    for name in ("CLIENT_ID", "CLIENT_SECRET"):
        setattr(settings, f"OIDC_RP_{name}", "kundval")
    for name in ("AUTHORIZATION", "TOKEN", "USER", "JWKS"):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"https://idp.invalid/{name}")
    claims = {}
    monkeypatch.setattr(
        MunicipalOIDCBackend,
        "get_token",
        lambda self, payload: {"id_token": "id", "access_token": "access"},
    )
    monkeypatch.setattr(
        MunicipalOIDCBackend, "verify_token", lambda self, token, **kw: {"sub": "1"}
    )
    monkeypatch.setattr(
        MunicipalOIDCBackend, "get_userinfo", lambda self, *args: dict(claims)
    )
    return claims


def _return_from_idp(client):
    """The identity provider sends the browser back with a code."""
    session = client.session
    session["oidc_states"] = {"s1": {"nonce": "n1", "added_on": time.time()}}
    session.save()
    return client.get(
        reverse("oidc_authentication_callback"), {"code": "c", "state": "s1"}
    )


def test_an_existing_account_signs_in_verified(client, sso):
    officer = member(Role.CASE_OFFICER, MunicipalityFactory(), email="sara@boo.se")
    sso["email"] = "Sara@Boo.se"
    response = _return_from_idp(client)
    assert response["Location"] == reverse("start")
    assert int(client.session["_auth_user_id"]) == officer.pk
    # No enrolment or code asked: the identity provider did the second factor.
    assert client.get(reverse("start-case-officer")).status_code == 200


def test_an_unknown_address_signs_nobody_in_and_makes_no_account(client, sso):
    sso["email"] = "ny@boo.se"
    users = get_user_model().objects.count()
    response = _return_from_idp(client)
    assert response["Location"] == "/logga-in/"
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.count() == users


def test_an_unverified_address_matches_nobody(client, sso):
    member(Role.CASE_OFFICER, MunicipalityFactory(), email="sara@boo.se")
    sso.update(email="sara@boo.se", email_verified=False)
    _return_from_idp(client)
    assert "_auth_user_id" not in client.session


def test_off_by_default(client, settings):
    assert settings.OIDC_ENABLED is False
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    assert reverse("oidc_authentication_init") not in client.get(reverse("login")).text


def test_login_page_offers_it_when_on(client, sso):
    assert reverse("oidc_authentication_init") in client.get(reverse("login")).text
