"""A provider's application, its answers to the conditions, its history,
and the quality unit's review of it condition by condition."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from authorization.models.calls import Announcement, Condition
from kundval.models import Area, ChangeRecord, ScopePaths


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_APPLICATION_STATUSES = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.COMPLETION_REQUESTED,
]


class Application(models.Model):
    """A provider's application to deliver the service of one call, in some areas."""

    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("provider"),
    )
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("call for applications"),
    )
    areas = models.ManyToManyField(Area, related_name="+", verbose_name=_("areas"))
    status = models.CharField(
        _("status"),
        max_length=25,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    exclusion_explanation = models.TextField(
        _("explanation of any exclusion ground that applies"), blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_paths = ScopePaths(
        municipality="announcement__service__municipality", provider="provider"
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "announcement"],
                condition=models.Q(status__in=OPEN_APPLICATION_STATUSES),
                name="one_open_application_per_provider_and_call",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values),
                name="application_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} – {self.announcement}"


class ConditionAnswer(models.Model):
    """How the provider says it meets one condition."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers"
    )
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "condition"], name="one_answer_per_condition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.condition}"


class ApplicationEvent(ChangeRecord):
    """Every status change: who, when, why (docs/architecture.md)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=25, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=25, choices=ApplicationStatus.choices)

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"


class Verdict(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NEEDS_COMPLETION = "needs_completion", _("Needs completion")


class ConditionReview(models.Model):
    """The quality unit's verdict on one condition of one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews"
    )
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "condition"], name="one_review_per_condition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.condition}: {self.verdict}"
