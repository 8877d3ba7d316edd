"""What a provider reports after authorization (new manager, complaints,
faults, deviations and lex Sarah reports), and the warnings and revocations
that follow breaches."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from authorization.models.calls import Condition
from kundval.models import ScopePaths


class ReportKind(models.TextChoices):
    NEW_MANAGER = "new_manager", _("New manager")
    SUBSTITUTE = "substitute", _("New substitute")
    SERIOUS_COMPLAINT = "serious_complaint", _("Serious complaint")
    FAULT = "fault", _("Fault")
    DEVIATION = "deviation", _("Deviation")
    LEX_SARAH = "lex_sarah", _("Lex Sarah report")


# A deviation report: what happened, when, how severe, the measures taken,
# whether IVO was told, and the general condition it concerns.
DEVIATION_KINDS = (
    ReportKind.DEVIATION,
    ReportKind.LEX_SARAH,
    ReportKind.FAULT,
    ReportKind.SERIOUS_COMPLAINT,
)


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    SERIOUS = "serious", _("Serious")
    VERY_SERIOUS = "very_serious", _("Very serious")


class LexSarahNature(models.TextChoices):
    """What staff report under lex Sarah (docs/domain.md §6). The provider
    reports a serious one (an allvarligt missförhållande, or a påtaglig risk
    för ett allvarligt missförhållande) to IVO itself."""

    WRONGDOING = "wrongdoing", _("Wrongdoing (missförhållande)")
    RISK = "risk", _("Clear risk of wrongdoing (påtaglig risk för missförhållande)")


# Reaches the quality unit at once by mail, and comes first in its lists.
SERIOUS_KINDS = (ReportKind.LEX_SARAH, ReportKind.SERIOUS_COMPLAINT)
SERIOUS_SEVERITIES = (Severity.SERIOUS, Severity.VERY_SERIOUS)
SERIOUS_REPORT = models.Q(kind__in=SERIOUS_KINDS) | models.Q(
    severity__in=SERIOUS_SEVERITIES
)


# A new manager needs the quality unit's approval; the rest are taken note of.
REPORTS_NEEDING_APPROVAL = {ReportKind.NEW_MANAGER}
REPORTS_NAMING_A_PERSON = {ReportKind.NEW_MANAGER, ReportKind.SUBSTITUTE}


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    NOTED = "noted", _("Noted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Report(models.Model):
    """What an authorized provider reports to the quality unit (self-report)."""

    authorization = models.ForeignKey(
        "Authorization", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    occurred_on = models.DateField(_("date of the event or change"))
    text = models.TextField(_("description"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.RECEIVED,
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handling_note = models.TextField(_("the quality unit's note"), blank=True)
    # Only for the DEVIATION_KINDS (a check constraint holds it):
    severity = models.CharField(
        _("severity"), max_length=12, choices=Severity.choices, blank=True
    )
    lex_sarah_nature = models.CharField(
        _("lex Sarah: what it is"),
        max_length=10,
        choices=LexSarahNature.choices,
        blank=True,
    )
    measures = models.TextField(_("measures taken"), blank=True)
    ivo_told = models.BooleanField(_("IVO told"), default=False)
    ivo_told_on = models.DateField(_("IVO told on"), null=True, blank=True)
    condition = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("condition concerned"),
    )

    scope_paths = ScopePaths(
        municipality="authorization__service__municipality",
        provider="authorization__provider",
    )

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("self-report")
        verbose_name_plural = _("self-reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReportKind.values),
                name="report_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values),
                name="report_status_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=DEVIATION_KINDS, severity__in=Severity.values)
                    | (~models.Q(kind__in=DEVIATION_KINDS) & models.Q(severity=""))
                ),
                name="report_severity_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind=ReportKind.LEX_SARAH,
                        lex_sarah_nature__in=LexSarahNature.values,
                    )
                    | (
                        ~models.Q(kind=ReportKind.LEX_SARAH)
                        & models.Q(lex_sarah_nature="")
                    )
                ),
                name="report_lex_sarah_nature_known",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(ivo_told=True, ivo_told_on__isnull=False)
                    | models.Q(ivo_told=False, ivo_told_on__isnull=True)
                ),
                name="report_ivo_date_iff_told",
            ),
            models.CheckConstraint(
                condition=models.Q(ivo_told=False) | models.Q(kind__in=DEVIATION_KINDS),
                name="report_ivo_only_for_deviations",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authorization}: {self.get_kind_display()}"

    @property
    def is_deviation(self) -> bool:
        return self.kind in DEVIATION_KINDS

    @property
    def is_serious(self) -> bool:
        return self.kind in SERIOUS_KINDS or self.severity in SERIOUS_SEVERITIES

    @property
    def ivo_due(self) -> bool:
        """A serious lex Sarah report the provider has not yet told IVO of."""
        return (
            self.kind == ReportKind.LEX_SARAH
            and self.severity in SERIOUS_SEVERITIES
            and not self.ivo_told
        )


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    REVOCATION = "revocation", _("Revocation")


class Sanction(models.Model):
    """A warning or a revocation for a breach of one condition (docs/domain.md §7)."""

    authorization = models.ForeignKey(
        "Authorization", on_delete=models.PROTECT, related_name="sanctions"
    )
    condition = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("breached condition"),
    )
    kind = models.CharField(_("sanction"), max_length=12, choices=SanctionKind.choices)
    evidence = models.TextField(_("evidence of the breach"))
    reasons = models.TextField(_("reasons"))
    effective_from = models.DateField(_("effective from"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    scope_paths = ScopePaths(
        municipality="authorization__service__municipality",
        provider="authorization__provider",
    )

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SanctionKind.values),
                name="sanction_kind_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.authorization}: {self.get_kind_display()}"
