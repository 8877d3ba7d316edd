"""The provider applies in the browser's forms: draft, submit, withdraw."""

import pytest
from django.urls import reverse

from authorization.models import Announcement, Application, ExclusionGround
from authorization.selectors import conditions_of
from tests.authorization.conftest import pdf_upload
from tests.demo_snapshot import seed_demo_without_volumes
from tests.factories import ProviderFactory, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client, settings):
    settings.DEBUG = True
    seed_demo_without_volumes()
    call = Announcement.objects.get(service__municipality__slug="nacka")
    provider = ProviderFactory(name="Omtanke AB")
    client.force_login(provider_user(provider))
    response = client.post(reverse("application-new", args=[call.pk]))
    return call, Application.objects.get(provider=provider), response


def _form(call, text: str, areas) -> dict:
    data = {f"condition_{c.pk}": text for c in conditions_of(call)}
    return {**data, "areas": [a.pk for a in areas]}


def test_draft_then_submit(client, applicant):
    call, application, response = applicant
    assert response["Location"] == reverse("application-edit", args=[application.pk])
    url = response["Location"]
    boo = call.areas.filter(name="Boo")
    client.post(url, {**_form(call, "", boo), "action": "save"})
    application.refresh_from_db()
    assert application.status == "draft" and list(application.areas.all()) == list(boo)
    refused = client.post(url, {**_form(call, "", boo), "action": "submit"})
    page = refused.content.decode()
    for missing in ("Besvara alla villkor", "Ladda upp underlag", "Namnge"):
        assert missing in page
    answered = _form(call, "Vi uppfyller det.", boo)
    declared = {f"ground_{g}": "no" for g in ExclusionGround.values}
    for condition in conditions_of(call).filter(shown_at_authorization=True):
        client.post(
            url,
            {
                **answered,
                **declared,
                "document": pdf_upload(),
                "document_kind": f"evidence:{condition.pk}",
                "action": "save",
            },
        )
    for role in ("manager", "substitute"):
        client.post(
            reverse("application-manager", args=[application.pk, role]),
            _person("Maja Ledare"),
        )
    client.post(url, {**answered, **declared, "action": "submit"})
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.answers.count() == len(conditions_of(call))
    assert application.managers.count() == 2
    assert application.declarations.filter(applies=False).count() == 6


def _person(name: str, periods=()) -> dict:
    data = {
        "name": name,
        "education": "Socionom",
        "education_years": "3",
        "yh_credits": "0",
        "fluent_swedish": "on",
        "form-TOTAL_FORMS": str(len(periods)),
        "form-INITIAL_FORMS": "0",
    }
    for number, period in enumerate(periods):
        data.update({f"form-{number}-{k}": v for k, v in period.items()})
    return data


def test_applying_twice_reopens_the_draft(client, applicant):
    call, application, _response = applicant
    again = client.post(reverse("application-new", args=[call.pk]))
    assert again["Location"] == reverse("application-edit", args=[application.pk])
    assert Application.objects.filter(provider=application.provider).count() == 1


def test_withdraw(client, applicant):
    _call, application, response = applicant
    client.post(response["Location"], {"action": "withdraw"})
    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_other_provider_cannot_open_it(client, applicant):
    _call, application, _response = applicant
    client.force_login(provider_user(ProviderFactory()))
    url = reverse("application-edit", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "withdraw"}).status_code == 404
    application.refresh_from_db()
    assert application.status == "draft"
