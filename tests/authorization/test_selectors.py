"""The authorization selectors scope to the reader: a provider reads its
own applications, authorizations and documents, the quality unit those of
its municipalities; another provider's or municipality's are not returned
(404 for one asked for by id)."""

import pytest
from django.http import Http404
from django.utils import timezone

from authorization.models import (
    Announcement,
    Authorization,
    DocumentKind,
    ReportKind,
    ReportStatus,
)
from authorization.selectors import (
    announcement_published,
    application_document,
    authorization_of,
    authorizations_in_force,
    authorizations_of,
    authorized_providers,
    conditions_of,
    document_for_download,
    editable_application_to,
    overseen_authorizations,
    overseen_report,
    provider_application,
    provider_applications,
    reports_to_handle,
    reviewable_application,
    reviewable_applications,
)
from authorization.services import (
    application_start,
    document_upload,
    report_file,
    report_handle,
)
from kundval.models import Municipality, Role
from tests.authorization.conftest import pdf_upload, submit_application
from tests.factories import ProviderFactory, member, provider_user

pytestmark = pytest.mark.django_db
PROVIDER, QUALITY = Role.PROVIDER_USER, Role.QUALITY_OFFICER


@pytest.fixture
def demo(nacka_call):
    """The demo's Nacka and Trosa: an authorization, a provider user and a
    quality officer in each."""
    nacka = Municipality.objects.get(slug="nacka")
    trosa = Municipality.objects.get(slug="trosa")
    in_nacka = Authorization.objects.get(
        provider__slug="nacka-01", service=nacka_call.service
    )
    in_trosa = Authorization.objects.get(
        provider__slug="trosa-service", service__municipality=trosa
    )
    return {
        "call": nacka_call,
        "in_nacka": in_nacka,
        "in_trosa": in_trosa,
        "nacka_user": provider_user(in_nacka.provider),
        "trosa_user": provider_user(in_trosa.provider),
        "quality": member(QUALITY, nacka),
        "trosa_quality": member(QUALITY, trosa),
    }


def _draft(call):
    applicant = provider_user(ProviderFactory())
    provider = applicant.provider_memberships.get().provider
    application = application_start(
        user=applicant, provider=provider, announcement=call
    )
    return application, applicant


def test_authorizations_are_the_providers_or_the_municipalitys(demo):
    quality, in_nacka, in_trosa = demo["quality"], demo["in_nacka"], demo["in_trosa"]
    overseen = list(authorizations_of(user=quality, role=QUALITY))
    assert in_nacka in overseen and in_trosa not in overseen
    assert {a.service.municipality.slug for a in overseen} == {"nacka"}
    assert authorization_of(user=quality, role=QUALITY, pk=in_nacka.pk) == in_nacka
    with pytest.raises(Http404):
        authorization_of(user=quality, role=QUALITY, pk=in_trosa.pk)
    own = authorizations_of(user=demo["nacka_user"], role=PROVIDER)
    assert {a.provider for a in own} == {in_nacka.provider}
    with pytest.raises(Http404):
        authorization_of(user=demo["nacka_user"], role=PROVIDER, pk=in_trosa.pk)
    assert not authorizations_of(user=demo["nacka_user"], role=QUALITY).exists()


def test_the_oversight_list_is_the_municipalitys_by_provider_name(demo):
    listed = list(overseen_authorizations(user=demo["quality"]))
    assert listed == sorted(listed, key=lambda a: a.provider.name)
    assert demo["in_nacka"] in listed and demo["in_trosa"] not in listed


def test_reports_to_handle_are_those_received_in_the_municipality(demo):
    def report(where, user):
        return report_file(
            user=demo[user],
            authorization=demo[where],
            kind=ReportKind.DEVIATION,
            occurred_on=timezone.localdate(),
            text="Avvikelse.",
            severity="low",
            measures="Rutinen ses över.",
        )

    nacka_report = report("in_nacka", "nacka_user")
    trosa_report = report("in_trosa", "trosa_user")
    quality = demo["quality"]
    assert nacka_report in reports_to_handle(user=quality)
    assert trosa_report not in reports_to_handle(user=quality)
    with pytest.raises(Http404):
        overseen_report(user=quality, pk=trosa_report.pk)
    report_handle(user=quality, report=nacka_report, to=ReportStatus.NOTED, note="")
    assert nacka_report not in reports_to_handle(user=quality)
    assert overseen_report(user=quality, pk=nacka_report.pk) == nacka_report


def test_applications_are_the_providers_own(nacka_call):
    application, applicant = _draft(nacka_call)
    _other, other_applicant = _draft(nacka_call)
    assert list(provider_applications(user=applicant)) == [application]
    assert provider_application(user=applicant, pk=application.pk) == application
    with pytest.raises(Http404):
        provider_application(user=other_applicant, pk=application.pk)
    found = editable_application_to(user=applicant, announcement=nacka_call)
    assert found == application
    _submitted, submitter = submit_application(nacka_call, ProviderFactory())
    assert editable_application_to(user=submitter, announcement=nacka_call) is None


def test_the_quality_unit_reviews_submitted_applications_of_its_calls(demo):
    draft, _applicant = _draft(demo["call"])
    submitted, _submitter = submit_application(demo["call"], ProviderFactory())
    reviewable = list(reviewable_applications(user=demo["quality"]))
    assert submitted in reviewable and draft not in reviewable
    with pytest.raises(Http404):
        reviewable_application(user=demo["quality"], pk=draft.pk)
    with pytest.raises(Http404):
        reviewable_application(user=demo["trosa_quality"], pk=submitted.pk)


def test_a_document_is_its_providers_and_its_municipalitys(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    application, applicant = _draft(demo["call"])
    evidenced = conditions_of(demo["call"]).filter(shown_at_authorization=True)
    document = document_upload(
        user=applicant,
        application=application,
        upload=pdf_upload(),
        kind=DocumentKind.EVIDENCE,
        condition_id=evidenced.first().pk,
    )
    for reader in (applicant, demo["quality"]):
        assert document_for_download(user=reader, pk=document.pk) == document
    case_officer = member(Role.CASE_OFFICER, demo["call"].service.municipality)
    for stranger in (demo["nacka_user"], demo["trosa_quality"], case_officer):
        with pytest.raises(Http404):
            document_for_download(user=stranger, pk=document.pk)
    assert application_document(application=application, pk=str(document.pk))
    other, _other_applicant = _draft(demo["call"])
    with pytest.raises(Http404):
        application_document(application=other, pk=str(document.pk))


def test_a_call_not_published_is_404(nacka_call):
    assert announcement_published(pk=nacka_call.pk) == nacka_call
    Announcement.objects.filter(pk=nacka_call.pk).update(published_at=None)
    with pytest.raises(Http404):
        announcement_published(pk=nacka_call.pk)


def test_authorized_providers_by_slug_carry_all_their_authorizations(nacka_call):
    def in_force_in(slug):
        held = authorizations_in_force().filter(service__municipality__slug=slug)
        return set(held.values_list("provider__slug", flat=True))

    leksand = {p.slug: p for p in authorized_providers(municipality="leksand")}
    assert set(leksand) == in_force_in("leksand")
    siljan = leksand["siljan-omsorg"]
    shown = {a.service.municipality.slug for a in siljan.authorizations_in_force}
    assert shown == {"leksand", "rattvik"}
    Authorization.objects.filter(provider__slug="trosa-service").update(
        revoked_from=timezone.localdate()
    )
    trosa = {p.slug for p in authorized_providers(municipality="trosa")}
    assert trosa == in_force_in("trosa") and "trosa-service" not in trosa
