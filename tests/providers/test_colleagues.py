"""A provider's administrator invites colleagues, who set their own password."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from kundval.models import TwoFactorReset
from kundval.twofactor import two_factor_reset
from providers.models import ProviderMembership
from providers.services import provider_invite
from tests.factories import ProviderFactory, provider_user

pytestmark = pytest.mark.django_db

INVITE = {
    "first_name": "Kim",
    "last_name": "Kollega",
    "email": "kim@example.se",
}


@pytest.fixture
def admin_of_provider():
    provider = ProviderFactory(name="Omtanke AB")
    user = provider_user(provider)
    ProviderMembership.objects.filter(user=user).update(is_admin=True)
    return user, provider


def test_invited_colleague_sets_password_and_logs_in(
    client, admin_of_provider, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://kundval.example.se"
    admin, provider = admin_of_provider
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("provider-colleagues"), {**INVITE, "provider": provider.pk}
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["kim@example.se"]
    assert "Omtanke AB" in message.body and "kim@example.se" in message.body
    link = re.search(r"https://kundval\.example\.se(/konto/losenord/\S+)", message.body)
    client.logout()
    form_page = client.get(link[1], follow=True)
    assert form_page.context["validlink"]
    saved = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "ett-nytt-långt-lösen",
            "new_password2": "ett-nytt-långt-lösen",
        },
    )
    assert saved["Location"] == reverse("password-set-done")
    login = client.post(
        reverse("login"),
        {"username": "kim@example.se", "password": "ett-nytt-långt-lösen"},
    )
    assert login.status_code == 302
    assert client.get(reverse("start"), follow=True).redirect_chain[-1][0] == reverse(
        "provider-home"
    )
    # The link works once.
    assert not client.get(link[1], follow=True).context["validlink"]


def test_only_an_administrator_may_invite(admin_of_provider):
    _admin, provider = admin_of_provider
    colleague = provider_user(provider)  # not an administrator
    with pytest.raises(PermissionDenied):
        provider_invite(inviter=colleague, provider=provider, **INVITE)
    other_admin = provider_user(ProviderFactory())
    ProviderMembership.objects.filter(user=other_admin).update(is_admin=True)
    with pytest.raises(PermissionDenied):
        provider_invite(inviter=other_admin, provider=provider, **INVITE)


def test_single_provider_needs_no_choice(client, admin_of_provider):
    admin, provider = admin_of_provider
    client.force_login(admin)
    page = client.get(reverse("provider-colleagues")).content.decode()
    assert f'type="hidden" name="provider" value="{provider.pk}"' in page


def test_invitation_form_offers_only_administered_providers(client, admin_of_provider):
    admin, _provider = admin_of_provider
    stranger = ProviderFactory(name="Främling AB")
    client.force_login(admin)
    response = client.post(
        reverse("provider-colleagues"), {**INVITE, "provider": stranger.pk}
    )
    assert response.status_code == 200
    assert not ProviderMembership.objects.filter(provider=stranger).exists()


def test_administrator_resets_a_colleagues_two_factor(client, admin_of_provider):
    admin, provider = admin_of_provider
    colleague = provider_user(provider)
    StaticDevice.objects.create(user=colleague, name="recovery codes")
    client.force_login(admin)
    url = reverse("provider-colleague-two-factor-reset", args=[colleague.pk])
    assert client.post(url).status_code == 302
    assert not StaticDevice.objects.filter(user=colleague).exists()
    assert TwoFactorReset.objects.get(user=colleague).by == admin


def test_no_reset_outside_ones_own_provider(client, admin_of_provider):
    admin, _provider = admin_of_provider
    stranger = provider_user(ProviderFactory())
    StaticDevice.objects.create(user=stranger, name="recovery codes")
    client.force_login(admin)
    url = reverse("provider-colleague-two-factor-reset", args=[stranger.pk])
    assert client.post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        two_factor_reset(by=admin, user=stranger)
    assert StaticDevice.objects.filter(user=stranger).exists()
    assert not TwoFactorReset.objects.exists()
