"""The follow-up pages: the plan month by month, planning, findings and
measures, the sanction form (a refusal of sanction_decide shown on the
form, nothing saved), and the provider's follow-ups and answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from authorization.models import Sanction
from followup.models import FollowUp, FollowUpKind, FollowUpStatus, Outcome
from tests.followup.test_follow_ups import _breach, _plan, _sent, plan_world

pytestmark = pytest.mark.django_db
S = FollowUpStatus
TODAY = timezone.localdate


@pytest.fixture
def plan(world):
    return plan_world(world)


def test_the_quality_unit_plans_from_the_plan_page(client, plan):
    client.force_login(plan["quality"])
    start = client.get(reverse("start-quality"))
    assert reverse("follow-up-plan") in start.text
    answer = client.post(
        reverse("follow-up-new"),
        {
            "authorization": plan["authorization"].pk,
            "year": TODAY().year,
            "month": 2,
            "kind": FollowUpKind.VISIT,
        },
    )
    follow_up = FollowUp.objects.get()
    assert answer.url == reverse("follow-up-detail", args=[follow_up.pk])
    page = client.get(
        reverse("follow-up-plan"),
        {"municipality": plan["municipality"].pk, "year": TODAY().year},
    )
    assert plan["provider"].name in page.text
    assert "Besök" in page.text
    assert "Februari" in page.text  # month by month, by name
    overdue = "Försenad" in page.text
    assert overdue == (TODAY().month > 2)


def test_another_municipality_neither_sees_nor_plans(client, plan):
    follow_up = _plan(plan)
    client.force_login(plan["other_quality"])
    assert (
        client.get(reverse("follow-up-detail", args=[follow_up.pk])).status_code == 404
    )
    page = client.get(
        reverse("follow-up-plan"),
        {"municipality": plan["municipality"].pk, "year": TODAY().year},
    )
    assert plan["provider"].name not in page.text
    answer = client.post(
        reverse("follow-up-new"),
        {
            "authorization": plan["authorization"].pk,
            "year": TODAY().year,
            "month": 2,
            "kind": FollowUpKind.VISIT,
        },
    )
    assert answer.status_code == 200
    assert FollowUp.objects.count() == 1


def test_a_finding_without_a_note_is_shown_refused(client, plan):
    follow_up, _finding = _breach(plan)
    client.force_login(plan["quality"])
    answer = client.post(
        reverse("follow-up-finding", args=[follow_up.pk]),
        {"condition": plan["staff"].pk, "outcome": Outcome.REMARK, "note": ""},
    )
    assert answer.status_code == 200
    assert "Beskriv vad som iakttogs." in answer.text
    assert follow_up.findings.count() == 1


def test_a_refused_sanction_is_shown_on_its_form_and_nothing_saved(client, plan):
    _follow_up, finding = _breach(plan, condition="staff")
    client.force_login(plan["quality"])
    prefix = f"sanction-{finding.pk}"
    answer = client.post(
        reverse("follow-up-sanction", args=[finding.pk]),
        {
            f"{prefix}-kind": "revocation",
            f"{prefix}-reasons": "Upprepade brister.",
            f"{prefix}-effective_from": f"{TODAY() - timedelta(days=1):%Y-%m-%d}",
        },
    )
    assert answer.status_code == 200
    assert "En återkallelse kan inte gälla bakåt i tiden." in answer.text
    assert "Upprepade brister." in answer.text
    assert not Sanction.objects.exists()
    finding.refresh_from_db()
    assert finding.sanction is None


def test_a_warning_only_condition_offers_no_revocation(client, plan):
    follow_up, finding = _breach(plan, condition="keys")
    client.force_login(plan["quality"])
    page = client.get(reverse("follow-up-detail", args=[follow_up.pk]))
    assert f'name="sanction-{finding.pk}-kind"' in page.text
    assert 'value="revocation"' not in page.text
    answer = client.post(
        reverse("follow-up-sanction", args=[finding.pk]),
        {
            f"sanction-{finding.pk}-kind": "warning",
            f"sanction-{finding.pk}-reasons": "Villkoret är inte uppfyllt.",
            f"sanction-{finding.pk}-effective_from": f"{TODAY():%Y-%m-%d}",
        },
    )
    assert answer.status_code == 302
    finding.refresh_from_db()
    assert finding.sanction.kind == "warning"


def test_the_provider_sees_the_findings_and_answers_its_measure(client, plan):
    follow_up, _finding = _sent(plan)
    measure = follow_up.measures.get()
    client.force_login(plan["provider_user"])
    assert reverse("provider-follow-ups") in client.get(reverse("provider-home")).text
    listing = client.get(reverse("provider-follow-ups"))
    assert reverse("provider-follow-up", args=[follow_up.pk]) in listing.text
    page = client.get(reverse("provider-follow-up", args=[follow_up.pk]))
    assert "Ingen nyckelrutin" in page.text
    assert reverse("provider-measure", args=[measure.pk]) in page.text
    answer = client.post(
        reverse("provider-measure", args=[measure.pk]), {"answer": "Rutin införd."}
    )
    assert answer.status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).status == S.ANSWERED


def test_the_provider_sees_no_planning_and_no_other_providers(client, plan):
    planned = _plan(plan)
    sent, _finding = _sent(plan)
    client.force_login(plan["provider_user"])
    assert (
        client.get(reverse("provider-follow-up", args=[planned.pk])).status_code == 404
    )
    client.force_login(plan["other_provider_user"])
    assert client.get(reverse("provider-follow-up", args=[sent.pk])).status_code == 404
    measure = sent.measures.get()
    answer = client.post(
        reverse("provider-measure", args=[measure.pk]), {"answer": "x"}
    )
    assert answer.status_code == 404
