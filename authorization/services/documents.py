"""Documents a provider hands in with an application, and their reminders."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from authorization.files import content_type_of
from authorization.models import (
    EXPIRING_KINDS,
    Application,
    ApplicationStatus,
    Condition,
    Document,
    DocumentKind,
)
from authorization.selectors import conditions_of
from authorization.services.applications import editable_application
from authorization.services.notifications import document_reminder_mail

CLOSED = (ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN)
REMIND_DAYS_BEFORE = 30


@transaction.atomic
def document_upload(
    *,
    user,
    application: Application,
    upload,
    kind: str,
    condition_id: int | None = None,
    valid_until=None,
) -> Document:
    """Store evidence for an at-authorization condition, or a certificate
    that expires, with an application the provider can still edit."""
    application = editable_application(user, application.pk)
    condition = _check_kind(application, kind, condition_id, valid_until)
    return document_store(
        user=user,
        application=application,
        upload=upload,
        kind=kind,
        condition=condition,
        valid_until=valid_until if kind in EXPIRING_KINDS else None,
    )


def document_store(
    *,
    user,
    application: Application,
    upload,
    kind: str,
    condition: Condition | None = None,
    sanction=None,
    valid_until=None,
) -> Document:
    """Check the file's content and store it; the caller has checked who may."""
    document = Document(
        provider_id=application.provider_id,
        municipality_id=application.announcement.service.municipality_id,
        application=application,
        condition=condition,
        sanction=sanction,
        kind=kind,
        name=_display_name(upload.name),
        content_type=content_type_of(upload),
        size=upload.size,
        valid_until=valid_until,
        uploaded_by=user,
    )
    document.file.save("upload", upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)  # no orphan file
        raise
    return document


def _check_kind(application, kind, condition_id, valid_until) -> Condition | None:
    """The condition evidence is for; certificates need a date still to come."""
    if kind == DocumentKind.EVIDENCE:
        condition = (
            conditions_of(application.announcement)
            .filter(shown_at_authorization=True, pk=condition_id)
            .first()
        )
        if condition is None:
            raise ValidationError(_("Choose the condition the evidence is for."))
        return condition
    if kind in EXPIRING_KINDS:
        if valid_until is None:
            raise ValidationError(_("Give the date the document is valid until."))
        if valid_until < timezone.localdate():
            raise ValidationError(_("The document has already expired."))
        return None
    raise ValidationError(_("Choose what the document is."))


def _display_name(name: str) -> str:
    return get_valid_filename(name.rsplit("/", 1)[-1])[-200:] or "dokument"


@transaction.atomic
def document_delete(*, user, document: Document) -> None:
    """Take back a document while its application can still be edited."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.application_id is None:
        raise PermissionDenied
    editable_application(user, document.application_id)
    document.delete()
    transaction.on_commit(lambda: document.file.storage.delete(document.file.name))


def documents_expiring_remind(*, today=None) -> int:
    """Mail the provider and the quality unit about each certificate that
    runs out within 30 days and has not been replaced (queued, sent once this
    commits). Idempotent: each document is reminded of once. Returns how many
    reminders were queued."""
    today = today or timezone.localdate()
    due = Document.objects.filter(
        kind__in=EXPIRING_KINDS,
        valid_until__gte=today,
        valid_until__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        reminded_at__isnull=True,
    )
    due = due.exclude(application__status__in=CLOSED).select_related(
        "provider", "municipality"
    )
    sent = 0
    for document in due:
        if _replaced(document):
            continue
        with transaction.atomic():
            locked = Document.objects.select_for_update().get(pk=document.pk)
            if locked.reminded_at is not None:  # another run got there first
                continue
            document_reminder_mail(document)
            locked.reminded_at = timezone.now()
            locked.save(update_fields=["reminded_at"])
        sent += 1
    return sent


def _replaced(document: Document) -> bool:
    return Document.objects.filter(
        provider=document.provider_id,
        municipality=document.municipality_id,
        kind=document.kind,
        valid_until__gt=document.valid_until,
    ).exists()
