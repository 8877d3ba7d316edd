"""Follow-up of providers (issue 15 item 3): the quality unit's annual plan
per municipality and year, each follow-up's findings per condition of the
provider's authorization, the measures the provider must take by a date and
its answers, and the sanction a breached condition led to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kundval.models import ChangeRecord, Municipality, ScopePaths

FIRST_YEAR, LAST_YEAR = 2000, 2100


class FollowUpKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly follow-up")
    VISIT = "visit", _("Visit")
    DEEP_REVIEW = "deep_review", _("Deep review")
    COMPLAINT_REVIEW = "complaint_review", _("Review on complaint")


class FollowUpStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    FINDINGS_SENT = "findings_sent", _("Findings sent")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    REMARK = "remark", _("Remark")


# The provider sees a follow-up once its findings are sent; never the planning.
SHOWN_TO_PROVIDER = [
    FollowUpStatus.FINDINGS_SENT,
    FollowUpStatus.ANSWERED,
    FollowUpStatus.CLOSED,
]


def _provider_sees(prefix: str):
    def scope(ids: frozenset[int]) -> Q:
        return Q(
            **{
                f"{prefix}authorization__provider__in": ids,
                f"{prefix}status__in": SHOWN_TO_PROVIDER,
            }
        )

    return scope


class FollowUp(models.Model):
    """One planned follow-up of one authorization (a provider in a service of
    the municipality), in a month of the plan's year."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="follow_ups"
    )
    authorization = models.ForeignKey(
        "authorization.Authorization",
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("provider and service"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("planned month"))
    kind = models.CharField(_("kind"), max_length=16, choices=FollowUpKind.choices)
    complaint = models.ForeignKey(
        "followup.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("complaint"),
    )
    status = models.CharField(
        _("status"),
        max_length=13,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.PLANNED,
    )
    conducted_on = models.DateField(_("conducted on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    findings_sent_at = models.DateTimeField(_("findings sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    scope_paths = ScopePaths(municipality="municipality", provider=_provider_sees(""))

    class Meta:
        ordering = ["year", "month", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12),
                name="follow_up_month_in_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="follow_up_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(complaint__isnull=True)
                | Q(kind=FollowUpKind.COMPLAINT_REVIEW),
                name="follow_up_complaint_only_on_review",
            ),
            models.CheckConstraint(
                condition=Q(status__in=FollowUpStatus.values),
                name="follow_up_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}-{self.month:02d}"


class FollowUpEvent(ChangeRecord):
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=13, choices=FollowUpStatus.choices)
    to_status = models.CharField(max_length=13, choices=FollowUpStatus.choices)

    scope_paths = ScopePaths(
        municipality="follow_up__municipality",
        provider=_provider_sees("follow_up__"),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("follow-up event")
        verbose_name_plural = _("follow-up events")


class Finding(models.Model):
    """What the follow-up found of one condition: met, not met, or a remark
    (the last two with a note). A breach may have led to a sanction."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="findings"
    )
    condition = models.ForeignKey(
        "authorization.Condition",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("condition"),
    )
    outcome = models.CharField(_("finding"), max_length=8, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    sanction = models.ForeignKey(
        "authorization.Sanction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sanction"),
    )

    scope_paths = ScopePaths(
        municipality="follow_up__municipality",
        provider=_provider_sees("follow_up__"),
    )

    class Meta:
        ordering = ["follow_up", "condition__service", "condition__position"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "condition"], name="one_finding_per_condition"
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.MET) | ~Q(note=""),
                name="finding_note_unless_met",
            ),
            models.CheckConstraint(
                condition=Q(sanction__isnull=True) | Q(outcome=Outcome.NOT_MET),
                name="finding_sanction_only_when_not_met",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="finding_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.condition}: {self.get_outcome_display()}"


class Measure(models.Model):
    """A measure the provider must take by a date, and its answer."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="measures"
    )
    text = models.TextField(_("measure"))
    due_on = models.DateField(_("to be taken by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ScopePaths(
        municipality="follow_up__municipality",
        provider=_provider_sees("follow_up__"),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="measure_has_text"),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="measure_answered_with_text",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
