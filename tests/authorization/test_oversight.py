"""While authorized: self-reports, sanctions, renewed certificates, and the
e-mails they send."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from authorization.models import (
    DEVIATION_KINDS,
    Authorization,
    Condition,
    OnBreach,
    Report,
    ReportKind,
    ReportStatus,
    SanctionKind,
)
from authorization.selectors import authorizations_in_force, people_in_charge
from authorization.services import (
    certificate_add,
    contract_accept,
    report_file,
    report_handle,
    report_transitions,
    sanction_decide,
)
from authorization.tasks import remind_expiring_documents
from kundval.celery import app
from kundval.models import Municipality, Role
from tests.authorization.conftest import (
    QUALIFIED_MANAGER,
    QUALIFIED_PERIODS,
    pdf_upload,
)
from tests.factories import member, provider_user
from tests.transitions import check_pair, every_pair

pytestmark = pytest.mark.django_db
R = ReportStatus
TODAY = timezone.localdate


@pytest.fixture
def world(nacka_call):
    authorization = Authorization.objects.get(
        provider__slug="nacka-01", service=nacka_call.service
    )
    nacka = Municipality.objects.get(slug="nacka")
    return {
        "authorization": authorization,
        "provider_user": provider_user(authorization.provider),
        "quality": member(
            Role.QUALITY_OFFICER, nacka, email="kvalitet@nacka.example.se"
        ),
        "trosa_quality": member(
            Role.QUALITY_OFFICER, Municipality.objects.get(slug="trosa")
        ),
        "conditions": Condition.objects.filter(municipality=nacka),
    }


def _report(world, kind, **extra):
    if kind in DEVIATION_KINDS:
        extra = {"severity": "low", "measures": "Rutinen ses över.", **extra}
        if kind == ReportKind.LEX_SARAH:
            extra.setdefault("lex_sarah_nature", "risk")
    return report_file(
        user=world["provider_user"],
        authorization=world["authorization"],
        kind=kind,
        occurred_on=TODAY(),
        text="Byte av chef.",
        **extra,
    )


def test_a_new_manager_is_approved_or_rejected_and_every_other_report_noted():
    assert report_transitions(ReportKind.NEW_MANAGER).targets(R.RECEIVED) == {
        R.APPROVED,
        R.REJECTED,
    }
    for kind in set(ReportKind.values) - {ReportKind.NEW_MANAGER}:
        assert report_transitions(kind).targets(R.RECEIVED) == {R.NOTED}


@pytest.mark.parametrize("kind", ReportKind.values)
@pytest.mark.parametrize(
    ("source", "target"), every_pair(report_transitions(ReportKind.DEVIATION))
)
def test_every_pair_of_the_report_tables(world, kind, source, target):
    person = {"person": QUALIFIED_MANAGER, "periods": QUALIFIED_PERIODS}
    report = _report(
        world, kind, **(person if kind.endswith(("manager", "substitute")) else {})
    )
    Report.objects.filter(pk=report.pk).update(status=source)
    report.refresh_from_db()
    moved = check_pair(
        report_transitions(kind),
        source,
        target,
        move=lambda who: report_handle(
            user=world["quality"], report=report, to=target, note="x"
        ),
        state_of=lambda: Report.objects.get(pk=report.pk).status,
    )
    if moved:
        report.refresh_from_db()
        assert report.handled_by == world["quality"]
        with pytest.raises(ValidationError):  # handled once; never again
            report_handle(user=world["quality"], report=report, to=target, note="x")


def test_only_the_municipality_handles_a_report(world):
    report = _report(world, ReportKind.DEVIATION)
    for outsider in (world["trosa_quality"], world["provider_user"]):
        with pytest.raises(PermissionDenied):
            report_handle(user=outsider, report=report, to=R.NOTED)


def test_new_manager_replaces_the_old_only_once_approved(world):
    report = _report(
        world,
        ReportKind.NEW_MANAGER,
        person={**QUALIFIED_MANAGER, "name": "Ny Chef"},
        periods=QUALIFIED_PERIODS,
    )
    names = lambda: [p.name for p in people_in_charge(world["authorization"])]  # noqa: E731
    assert "Ny Chef" not in names()
    report_handle(user=world["quality"], report=report, to=R.APPROVED)
    assert "Ny Chef" in names()


def test_a_person_report_needs_the_person(world):
    with pytest.raises(ValidationError):
        _report(world, ReportKind.NEW_MANAGER)
    assert not world["authorization"].reports.exists()


def _sanction(world, condition, kind, **extra):
    return sanction_decide(
        user=extra.pop("user", world["quality"]),
        authorization=world["authorization"],
        condition_id=condition.pk,
        kind=kind,
        evidence="Uppföljningsbesök 2026-11-10: ingen nyckelrutin.",
        reasons="Villkoret om nycklar är inte uppfyllt.",
        effective_from=extra.pop("effective_from", TODAY()),
        **extra,
    )


def test_a_warning_is_recorded_and_mailed(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    keys = world["conditions"].get(code="nycklar")
    with django_capture_on_commit_callbacks(execute=True):
        sanction = _sanction(world, keys, SanctionKind.WARNING, upload=pdf_upload())
    assert sanction.decided_by == world["quality"]
    assert sanction.documents.get().condition == keys
    assert world["authorization"] in authorizations_in_force()
    [mail] = mailoutbox
    assert world["authorization"].provider.contact_email in mail.to
    assert "Varning" in mail.subject and "ingen nyckelrutin" in mail.body


def test_a_revocation_takes_the_provider_out_from_its_date(world, client):
    goals = world["conditions"].filter(sanction=OnBreach.WARNING_OR_REVOCATION)[0]
    tomorrow = TODAY() + timedelta(days=1)
    _sanction(world, goals, SanctionKind.REVOCATION, effective_from=tomorrow)
    authorization = world["authorization"]
    assert authorization in authorizations_in_force()
    assert authorization not in authorizations_in_force(on=tomorrow)
    with pytest.raises(ValidationError):  # revoked once
        _sanction(world, goals, SanctionKind.REVOCATION, effective_from=tomorrow)


def test_revocation_rules(world):
    warning_only = world["conditions"].filter(sanction=OnBreach.WARNING).first()
    either = world["conditions"].filter(sanction=OnBreach.WARNING_OR_REVOCATION)[0]
    with pytest.raises(ValidationError, match="varning"):
        _sanction(world, warning_only, SanctionKind.REVOCATION)
    with pytest.raises(ValidationError):
        _sanction(
            world,
            either,
            SanctionKind.REVOCATION,
            effective_from=TODAY() - timedelta(days=1),
        )
    trosa_condition = Condition.objects.filter(municipality__slug="trosa").first()
    with pytest.raises(ValidationError):
        _sanction(world, trosa_condition, SanctionKind.WARNING)
    with pytest.raises(PermissionDenied):
        _sanction(world, either, SanctionKind.WARNING, user=world["trosa_quality"])
    world["authorization"].refresh_from_db()
    assert world["authorization"].revoked_from is None
    assert not world["authorization"].sanctions.exists()


def test_the_provider_renews_its_insurance(world):
    document = certificate_add(
        user=world["provider_user"],
        authorization=world["authorization"],
        upload=pdf_upload("forsakring.pdf"),
        kind="insurance",
        valid_until=TODAY() + timedelta(days=365),
    )
    assert document.application == world["authorization"].application
    with pytest.raises(ValidationError):
        certificate_add(
            user=world["provider_user"],
            authorization=world["authorization"],
            upload=pdf_upload(),
            kind="insurance",
            valid_until=TODAY() - timedelta(days=1),
        )


def test_contract_acceptance_is_mailed_to_both(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    authorization = world["authorization"]
    Authorization.objects.filter(pk=authorization.pk).update(contract_accepted_at=None)
    authorization.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        contract_accept(user=world["provider_user"], authorization=authorization)
    [mail] = mailoutbox
    assert world["quality"].email in mail.to
    assert authorization.provider.contact_email in mail.to


def test_pages(world, client):
    authorization = world["authorization"]
    client.force_login(world["provider_user"])
    page = client.get(reverse("provider-authorization", args=[authorization.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("report-new", args=[authorization.pk]),
        {
            "kind": "deviation",
            "occurred_on": TODAY().isoformat(),
            "text": "Missat besök hos kund.",
            "severity": "low",
            "measures": "Planeringen ses över.",
            "periods-TOTAL_FORMS": "0",
            "periods-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    report = world["authorization"].reports.get()
    client.force_login(world["quality"])
    detail = client.get(reverse("oversight-detail", args=[authorization.pk]))
    assert "Missat besök hos kund." in detail.content.decode()
    client.post(reverse("report-decide", args=[report.pk]), {"to": "noted"})
    report.refresh_from_db()
    assert report.status == R.NOTED
    client.force_login(world["trosa_quality"])
    assert (
        client.get(reverse("oversight-detail", args=[authorization.pk])).status_code
        == 404
    )


def test_beat_runs_the_reminder_task_daily(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    entry = settings.CELERY_BEAT_SCHEDULE["remind-expiring-documents"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {6}
    # The demo's insurance at Hemtrevnad runs out in 20 days: one reminder.
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_expiring_documents() == 1
    assert "Ansvarsförsäkring" in mailoutbox[0].subject


def test_revoked_today_leaves_the_open_data(world, client):
    goals = world["conditions"].filter(sanction=OnBreach.WARNING_OR_REVOCATION)[0]
    url = "/api/v1/providers/?municipality=nacka&limit=500"
    listed = lambda: [p["slug"] for p in client.get(url).json()["results"]]  # noqa: E731
    assert "nacka-01" in listed()
    _sanction(world, goals, SanctionKind.REVOCATION, effective_from=TODAY())
    assert "nacka-01" not in listed()
