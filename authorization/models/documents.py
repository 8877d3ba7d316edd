"""Files providers and the quality unit hand in: evidence, certificates
that expire, evidence of a sanction. Stored privately, under a random name."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from authorization.models.applications import (
    Application,
)
from authorization.models.calls import Condition
from kundval.models import Municipality, ScopePaths

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class DocumentKind(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    INSURANCE = "insurance", _("Liability insurance")
    F_TAX_CERTIFICATE = "f_tax_certificate", _("F-tax certificate")


EXPIRING_KINDS = [DocumentKind.INSURANCE, DocumentKind.F_TAX_CERTIFICATE]


def _document_path(document: "Document", filename: str) -> str:
    # Never the uploaded name: it may hold a personal identity number.
    return f"documents/{document.provider_id}/{uuid.uuid4().hex}{document.extension}"


class Document(models.Model):
    """A file a provider or the quality unit hands in: evidence for a
    condition, a certificate that expires, or the evidence of a sanction.

    Stored under the private MEDIA_ROOT and served only by a view that checks
    scope. `municipality` is the one whose quality unit reads it.
    """

    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("provider"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    condition = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("condition"),
    )
    sanction = models.ForeignKey(
        "Sanction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    scope_paths = ScopePaths(municipality="municipality", provider="provider")

    EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="document_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(size__lte=MAX_DOCUMENT_BYTES),
                name="document_at_most_10_mb",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=EXPIRING_KINDS)
                | models.Q(valid_until__isnull=False),
                name="expiring_document_has_valid_until",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]
