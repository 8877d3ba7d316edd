"""A forgotten password: a link by mail (kundval.mail) to an account's
address, and the same answer for an address that has no account."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kundval.accounts import RESETS_AN_HOUR
from kundval.models import Mail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ask(client, email):
    return client.post(reverse("password-reset"), {"email": email}, follow=True)


def test_reset_mails_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="sara@omtanke.se")
    response = _ask(client, "SARA@omtanke.se")
    mail = Mail.objects.get()
    assert mail.recipients == ["sara@omtanke.se"]
    assert mail.key.startswith(f"password-reset:{user.pk}:")
    link = re.search(r"http://\S+", mail.body).group(0)
    assert link.split("/konto/")[1] not in mail.key  # the kept key holds no token
    assert "Kontrollera din e-post" in response.content.decode()
    form = client.get(link, follow=True)
    new = "Blåbär-i-november-41"
    client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    user.refresh_from_db()
    assert user.check_password(new)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    UserFactory(email="sara@omtanke.se")
    known = _ask(client, "sara@omtanke.se")
    unknown = _ask(client, "ingen@example.se")
    assert Mail.objects.count() == 1
    assert known.redirect_chain == unknown.redirect_chain
    assert _page(known) == _page(unknown)


def test_login_page_links_to_the_reset(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password-reset") in page


def _page(response) -> str:
    """The page without its CSRF token, which differs on every page view."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.text)


def test_an_invited_user_whose_link_expired_gets_a_new_one(client):
    invited = UserFactory(email="kim@example.se")
    invited.set_unusable_password()
    invited.save()
    _ask(client, "kim@example.se")
    assert Mail.objects.get().recipients == ["kim@example.se"]


def test_an_inactive_account_gets_nothing(client):
    UserFactory(email="gone@example.se", is_active=False)
    _ask(client, "gone@example.se")
    assert not Mail.objects.exists()


def test_resets_to_one_account_stop_at_three_an_hour_and_the_page_stays_the_same(
    client,
):
    """Anyone may ask for a reset; they must not be able to flood an inbox."""
    UserFactory(email="sara@omtanke.se")
    answers = [_ask(client, "sara@omtanke.se") for _ in range(5)]
    assert Mail.objects.count() == RESETS_AN_HOUR
    assert _page(answers[0]) == _page(answers[-1])
    Mail.objects.update(created_at=timezone.now() - timedelta(hours=1, minutes=1))
    _ask(client, "sara@omtanke.se")
    assert Mail.objects.count() == RESETS_AN_HOUR + 1
