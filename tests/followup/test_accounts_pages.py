"""The quality account's pages: the provider starts, fills in and submits
its own; the quality unit of the municipality returns or accepts it; nobody
else reaches either."""

from datetime import date

import pytest
from django.urls import reverse

from authorization.models import Authorization
from followup.models import AccountStatus, QualityAccount
from followup.selectors.accounts import account_year
from tests.followup.test_accounts import FILLED, started, submitted

pytestmark = pytest.mark.django_db
A = AccountStatus


@pytest.fixture
def owing(world):
    """The world's authorizations in force since well before last year."""
    Authorization.objects.update(valid_from=date(account_year() - 1, 1, 1))
    return world


def _form(**changes) -> dict:
    data = {key: str(value) for key, value in FILLED.items()}
    data["assistant_nurse_share"] = "72,5"
    return data | changes


def test_the_provider_starts_fills_in_and_submits(client, owing):
    client.force_login(owing["provider_user"])
    page = client.get(reverse("account-provider-list"))
    assert owing["municipality"].name in page.text
    answer = client.post(
        reverse("account-provider-start"),
        {"provider": owing["provider"].pk, "municipality": owing["municipality"].pk},
    )
    account = QualityAccount.objects.get()
    assert answer.url == reverse("account-provider-detail", args=[account.pk])
    client.post(answer.url, _form(staff_count="", save="1"))
    account.refresh_from_db()
    assert account.status == A.DRAFT and account.staff_count is None
    assert account.assistant_nurse_share == FILLED["assistant_nurse_share"]
    # Submitting without every figure keeps it a draft and says why.
    refused = client.post(answer.url, _form(staff_count="", submit="1"))
    assert refused.status_code == 200
    assert QualityAccount.objects.get().status == A.DRAFT
    client.post(answer.url, _form(submit="1"))
    assert QualityAccount.objects.get().status == A.SUBMITTED
    # Submitted: shown, no longer a form.
    shown = client.get(answer.url)
    assert 'name="submit"' not in shown.text


def test_a_share_over_100_is_a_form_error(client, owing):
    account = started(owing)
    client.force_login(owing["provider_user"])
    url = reverse("account-provider-detail", args=[account.pk])
    answer = client.post(url, _form(assistant_nurse_share="101", save="1"))
    assert answer.status_code == 200
    assert QualityAccount.objects.get().assistant_nurse_share is None


def test_the_quality_unit_returns_with_a_reason_and_accepts(client, owing):
    account = submitted(owing)
    client.force_login(owing["quality"])
    listing = client.get(reverse("account-quality-list"))
    assert owing["provider"].name in listing.text
    decide = reverse("account-quality-decide", args=[account.pk])
    client.post(decide, {"to": A.RETURNED, "reason": ""})
    assert QualityAccount.objects.get().status == A.SUBMITTED
    client.post(decide, {"to": A.RETURNED, "reason": "Målen saknas."})
    account.refresh_from_db()
    assert account.status == A.RETURNED and account.return_reason == "Målen saknas."
    QualityAccount.objects.filter(pk=account.pk).update(status=A.SUBMITTED)
    client.post(decide, {"to": A.ACCEPTED})
    assert QualityAccount.objects.get().status == A.ACCEPTED


def test_a_bad_year_shows_last_year(client, owing):
    client.force_login(owing["quality"])
    for year in ("x", "99999", "\u00b2"):
        page = client.get(reverse("account-quality-list"), {"year": year})
        assert page.status_code == 200
        assert str(account_year()) in page.text


def test_outsiders_reach_neither_side(client, owing):
    account = submitted(owing)
    provider_page = reverse("account-provider-detail", args=[account.pk])
    quality_page = reverse("account-quality-detail", args=[account.pk])
    decide = reverse("account-quality-decide", args=[account.pk])
    client.force_login(owing["other_provider_user"])
    assert client.get(provider_page).status_code == 404
    assert client.get(reverse("account-provider-list")).status_code == 200
    assert (
        owing["provider"].name not in client.get(reverse("account-provider-list")).text
    )
    client.force_login(owing["other_quality"])
    assert client.get(quality_page).status_code == 404
    assert client.post(decide, {"to": A.ACCEPTED}).status_code == 404
    assert (
        owing["provider"].name not in client.get(reverse("account-quality-list")).text
    )
    client.force_login(owing["provider_user"])
    assert client.get(quality_page).status_code == 403
    assert QualityAccount.objects.get().status == A.SUBMITTED
