"""The manager and substitute named by a provider, with the work periods
the qualification rule reads."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from authorization.models.applications import (
    Application,
)
from kundval.models import ScopePaths


class ManagerRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    SUBSTITUTE = "substitute", _("Substitute")


class Manager(models.Model):
    """The manager (verksamhetsansvarig) or the substitute named in an
    application or in a self-report, with the facts the qualification rule
    reads (authorization.qualification)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="managers",
    )
    report = models.OneToOneField(
        "Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="manager",
    )
    role = models.CharField(_("role"), max_length=12, choices=ManagerRole.choices)
    name = models.CharField(_("name"), max_length=200)
    education = models.TextField(_("education"))
    education_years = models.DecimalField(
        _("years of post-secondary care education"),
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    yh_credits = models.PositiveSmallIntegerField(
        _("higher vocational credits (YH points)"), default=0
    )
    education_abroad = models.BooleanField(_("education from abroad"), default=False)
    validated_by_uhr = models.BooleanField(
        _("foreign education validated by UHR"), default=False
    )
    fluent_swedish = models.BooleanField(
        _("fluent Swedish in speech and writing"), default=False
    )

    # Read only through its application or report, which are scoped.
    scope_paths = ScopePaths(municipality=None)

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=True, report__isnull=False)
                | models.Q(application__isnull=False, report__isnull=True),
                name="manager_named_in_application_or_report",
            ),
            models.UniqueConstraint(
                fields=["application", "role"], name="one_manager_per_role"
            ),
            models.CheckConstraint(
                condition=models.Q(education_years__gte=0),
                name="education_years_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class WorkKind(models.TextChoices):
    CARE_WORK = "care_work", _("Care work")
    SUPERVISING = "supervising", _("Supervising staff and operations")


class WorkPeriod(models.Model):
    """A dated period of work at a percentage of full time."""

    manager = models.ForeignKey(
        Manager, on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=WorkKind.choices)
    employer = models.CharField(_("employer and position"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("to (empty: ongoing)"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("percent of full time"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["kind", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=F("start")),
                name="work_period_ends_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=1, percent__lte=100),
                name="work_period_percent_1_to_100",
                violation_error_message=_("Give a percentage from 1 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.start}–{self.end or ''} {self.percent} %"
