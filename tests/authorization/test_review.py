"""The quality unit reviews condition by condition and decides with reasons."""

import pytest
from django.urls import reverse

from authorization.models import Application, ConditionReview
from authorization.selectors import conditions_of
from kundval.models import Role
from tests.authorization.conftest import submit_application
from tests.factories import MunicipalityFactory, ProviderFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(nacka_call):
    application, applicant = submit_application(
        nacka_call, ProviderFactory(name="Omtanke AB")
    )
    officer = member(Role.QUALITY_OFFICER, nacka_call.service.municipality)
    return {"application": application, "applicant": applicant, "officer": officer}


def _post(client, application, action, **fields):
    return client.post(
        reverse("review-detail", args=[application.pk]), {"action": action, **fields}
    )


def test_completion_then_approval(client, submitted):
    application, officer = submitted["application"], submitted["officer"]
    client.force_login(officer)
    first = conditions_of(application.announcement).first()
    response = _post(
        client,
        application,
        "request_completion",
        **{
            f"verdict_{first.pk}": "needs_completion",
            f"note_{first.pk}": "Bifoga planen.",
        },
        reasons="Komplettera målredovisningen.",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "completion_requested"
    review = ConditionReview.objects.get(application=application, condition=first)
    assert (review.verdict, review.note, review.by) == (
        "needs_completion",
        "Bifoga planen.",
        officer,
    )

    client.force_login(submitted["applicant"])
    page = client.get(
        reverse("application-edit", args=[application.pk])
    ).content.decode()
    assert "Komplettera målredovisningen." in page
    assert "Kvalitetsenheten:</strong> Bifoga planen." in page
    client.post(
        reverse("application-edit", args=[application.pk]),
        {
            **{
                f"condition_{c.pk}": "Nu med plan."
                for c in conditions_of(application.announcement)
            },
            "areas": [application.areas.get().pk],
            "action": "submit",
        },
    )
    application.refresh_from_db()
    assert application.status == "submitted"

    client.force_login(officer)
    _post(client, application, "approve", reasons="Alla villkor uppfylls.")
    application.refresh_from_db()
    assert application.status == "approved"
    assert [e.to_status for e in application.events.all()] == [
        "submitted",
        "completion_requested",
        "submitted",
        "approved",
    ]


def test_refusal_needs_reasons_and_tells_of_court_review(client, submitted):
    application, officer = submitted["application"], submitted["officer"]
    client.force_login(officer)
    response = _post(client, application, "refuse", reasons="")
    assert "Ange en motivering" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"
    _post(
        client, application, "refuse", reasons="Verksamhetsansvarig saknar utbildning."
    )
    application.refresh_from_db()
    assert application.status == "refused"
    client.force_login(submitted["applicant"])
    page = client.get(
        reverse("application-edit", args=[application.pk])
    ).content.decode()
    assert "förvaltningsrätten" in page
    assert "Verksamhetsansvarig saknar utbildning." in page


def test_other_municipality_and_drafts_are_out_of_sight(client, submitted):
    application = submitted["application"]
    client.force_login(member(Role.QUALITY_OFFICER, MunicipalityFactory()))
    assert (
        client.get(reverse("review-detail", args=[application.pk])).status_code == 404
    )
    assert _post(client, application, "approve", reasons="x").status_code == 404
    client.force_login(submitted["officer"])
    Application.objects.filter(pk=application.pk).update(status="draft")
    assert (
        client.get(reverse("review-detail", args=[application.pk])).status_code == 404
    )


def test_provider_is_told_of_completion_request_and_decision(
    client, submitted, django_capture_on_commit_callbacks
):
    from django.core import mail

    application, officer = submitted["application"], submitted["officer"]
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, application, "refuse", reasons="Ingen verksamhetsansvarig.")
    [message] = mail.outbox
    assert application.provider.contact_email in message.to
    assert "Avslagen" in message.subject
    assert "Ingen verksamhetsansvarig." in message.body
    assert "förvaltningsrätten" in message.body
    assert f"/anordnare/ansokningar/{application.pk}/" in message.body


def test_a_verdict_without_its_note_field_is_saved_not_a_crash(client, submitted):
    application = submitted["application"]
    first = conditions_of(application.announcement).first()
    client.force_login(submitted["officer"])
    response = _post(client, application, "save", **{f"verdict_{first.pk}": "met"})
    assert response.status_code == 302
    review = ConditionReview.objects.get(application=application, condition=first)
    assert (review.verdict, review.note) == ("met", "")
