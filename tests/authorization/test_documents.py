"""Documents: checked by their bytes, stored under a name of their own, served
only within scope, removable while a draft, reminded of before they expire."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from authorization.models import (
    MAX_DOCUMENT_BYTES,
    Announcement,
    Condition,
    Document,
    DocumentKind,
)
from authorization.selectors import conditions_of
from authorization.services import (
    application_start,
    application_transition,
    document_delete,
    document_upload,
    documents_expiring_remind,
)
from kundval.models import Municipality, Role
from tests.authorization.conftest import PDF_BYTES, pdf_upload, submit_application
from tests.factories import ProviderFactory, member, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(nacka_call, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"  # without the demo's documents
    provider = ProviderFactory(contact_email="kontakt@omtanke.example.se")
    applicant = provider_user(provider)
    application = application_start(
        user=applicant, provider=provider, announcement=nacka_call
    )
    return application, applicant


def _evidence_condition(call: Announcement) -> Condition:
    return conditions_of(call).filter(shown_at_authorization=True).first()


def _upload(draft, upload, kind=DocumentKind.EVIDENCE, **extra) -> Document:
    application, applicant = draft
    if kind == DocumentKind.EVIDENCE:
        extra.setdefault(
            "condition_id", _evidence_condition(application.announcement).pk
        )
    return document_upload(
        user=applicant, application=application, upload=upload, kind=kind, **extra
    )


def _image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, image_format)
    return buffer.getvalue()


def _stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def _download(client, document):
    response = client.get(reverse("document-download", args=[document.pk]))
    # Reading a file response to its end closes it, as a WSGI server would.
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


@pytest.mark.parametrize(
    "name,content",
    [
        ("intyg.pdf", b"Intyg om ansvarsforsakring\n"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"skrap" * 50),
        ("stor.pdf", b"%PDF-" + b"0" * (MAX_DOCUMENT_BYTES - 9) + b"%%EOF"),
    ],
    ids=["text-named-pdf", "png-signature-then-garbage", "over-10-mb"],
)
def test_a_file_that_is_not_what_it_claims_is_refused(draft, name, content):
    with pytest.raises(ValidationError):
        _upload(draft, SimpleUploadedFile(name, content))
    assert not Document.objects.filter(application=draft[0]).exists()
    assert _stored_files() == []


def test_exactly_10_mb_is_taken(draft):
    content = b"%PDF-" + b"0" * (MAX_DOCUMENT_BYTES - 10) + b"%%EOF"
    document = _upload(draft, SimpleUploadedFile("stor.pdf", content))
    assert document.size == MAX_DOCUMENT_BYTES


def test_the_page_refuses_a_text_file_named_pdf(client, draft):
    application, applicant = draft
    client.force_login(applicant)
    condition = _evidence_condition(application.announcement)
    response = client.post(
        reverse("application-edit", args=[application.pk]),
        {
            "document": SimpleUploadedFile("intyg.pdf", b"bara text"),
            "document_kind": f"evidence:{condition.pk}",
            "action": "save",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Ladda upp en PDF-, JPEG- eller PNG-fil."
    ]
    assert not Document.objects.filter(application=application).exists()
    assert _stored_files() == []


@pytest.mark.parametrize(
    "name,image_format,content_type",
    [("scan.pdf", "PNG", "image/png"), ("foto.jpg", "JPEG", "image/jpeg")],
)
def test_images_are_taken_and_served_as_what_they_are(
    client, draft, name, image_format, content_type
):
    content = _image(image_format)
    document = _upload(draft, SimpleUploadedFile(name, content, "application/pdf"))
    assert document.content_type == content_type
    assert document.file.name.endswith(Document.EXTENSIONS[content_type])
    client.force_login(draft[1])
    response, body = _download(client, document)
    assert response["Content-Type"] == content_type
    assert body == content


def test_the_stored_file_is_never_named_after_the_upload(client, draft):
    document = _upload(draft, pdf_upload("19121212-1212.pdf"))
    assert "19121212" not in document.file.name
    assert [path.name for path in _stored_files()] == [Path(document.file.name).name]
    assert not any("19121212" in str(path) for path in _stored_files())
    assert document.name == "19121212-1212.pdf"
    client.force_login(draft[1])
    response, _body = _download(client, document)
    assert 'filename="19121212-1212.pdf"' in response["Content-Disposition"]


def test_evidence_must_name_an_at_authorization_condition_of_the_call(draft):
    follow_up_only = Condition.objects.get(municipality__slug="nacka", code="nycklar")
    of_trosa = Condition.objects.get(municipality__slug="trosa", code="mal")
    assert not follow_up_only.shown_at_authorization
    assert of_trosa.shown_at_authorization
    for condition_id in (follow_up_only.pk, of_trosa.pk, None):
        with pytest.raises(ValidationError):
            _upload(draft, pdf_upload(), condition_id=condition_id)
    assert not Document.objects.filter(application=draft[0]).exists()


def test_insurance_needs_a_date_still_to_come(draft):
    today = timezone.localdate()
    for valid_until in (None, today - timedelta(days=1)):
        with pytest.raises(ValidationError):
            _upload(
                draft, pdf_upload(), DocumentKind.INSURANCE, valid_until=valid_until
            )
    assert not Document.objects.filter(application=draft[0]).exists()
    document = _upload(draft, pdf_upload(), DocumentKind.INSURANCE, valid_until=today)
    assert (document.kind, document.valid_until) == (DocumentKind.INSURANCE, today)


def test_download_only_within_scope(client, draft):
    document = _upload(draft, pdf_upload())
    nacka = draft[0].announcement.service.municipality
    trosa = Municipality.objects.get(slug="trosa")
    for user, status in [
        (draft[1], 200),
        (provider_user(ProviderFactory()), 404),
        (member(Role.QUALITY_OFFICER, nacka), 200),
        (member(Role.QUALITY_OFFICER, trosa), 404),
    ]:
        client.force_login(user)
        response, body = _download(client, document)
        assert response.status_code == status, user
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment")
            assert body == PDF_BYTES
    client.logout()
    response = client.get(reverse("document-download", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_provider_removes_a_document_from_its_draft(
    client, draft, django_capture_on_commit_callbacks
):
    application, applicant = draft
    document = _upload(draft, pdf_upload())
    assert len(_stored_files()) == 1
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("application-edit", args=[application.pk]),
            {"action": f"delete_document:{document.pk}"},
        )
    assert response.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()
    assert _stored_files() == []


def test_a_submitted_document_cannot_be_removed(nacka_call):
    application, applicant = submit_application(nacka_call, ProviderFactory())
    document = application.documents.first()
    with pytest.raises(ValidationError):
        document_delete(user=applicant, document=document)
    assert Document.objects.filter(pk=document.pk).exists()
    assert document.file.storage.exists(document.file.name)


@pytest.fixture
def officer(nacka_call):
    # The demo's own expiring certificate is not these tests' business.
    Document.objects.update(reminded_at=timezone.now())
    user = member(Role.QUALITY_OFFICER, nacka_call.service.municipality)
    user.email = "kvalitet@nacka.example.se"
    user.save(update_fields=["email"])
    return user


def _insurance(draft, days_left: int) -> Document:
    """An insurance valid until `days_left` days from today (may be past)."""
    today = timezone.localdate()
    document = _upload(draft, pdf_upload(), DocumentKind.INSURANCE, valid_until=today)
    Document.objects.filter(pk=document.pk).update(
        valid_until=today + timedelta(days=days_left)
    )
    return document


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """The reminder run, with its mail sent as after a commit."""

    def run(*, today):
        with django_capture_on_commit_callbacks(execute=True):
            return documents_expiring_remind(today=today)

    return run


def test_reminded_once_30_days_before(draft, officer, remind):
    document = _insurance(draft, 30)
    today = timezone.localdate()
    assert remind(today=today) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kontakt@omtanke.example.se", officer.email]
    assert (today + timedelta(days=30)).isoformat() in mail.outbox[0].subject
    document.refresh_from_db()
    assert document.reminded_at is not None
    assert remind(today=today) == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("days_left", [31, -1])
def test_not_reminded_outside_the_30_days(draft, officer, days_left, remind):
    _insurance(draft, days_left)
    assert remind(today=timezone.localdate()) == 0
    assert mail.outbox == []


def test_not_reminded_when_replaced_by_a_later_one(draft, officer, remind):
    _insurance(draft, 30)
    _insurance(draft, 365)
    assert remind(today=timezone.localdate()) == 0
    assert mail.outbox == []


def test_not_reminded_when_the_application_is_withdrawn(draft, officer, remind):
    application, applicant = draft
    _insurance(draft, 30)
    application_transition(user=applicant, application=application, to="withdrawn")
    assert remind(today=timezone.localdate()) == 0
    assert mail.outbox == []
