"""The annual quality reports (issue 15 item 7): one PDF per provider and
year, and the municipal summary (provider NULL), made by a background job.
Each run that makes a report adds a version; older versions are kept. The
file lies in private storage (MEDIA_ROOT, never a public URL) and is served
by a permission-checked view; at most one version of a report is published,
and only a published one is served to anyone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from followup.models.surveys import (  # one range for every year field
    FIRST_YEAR,
    LAST_YEAR,
)
from kundval.models import Job, Municipality, ScopePaths


def report_path(report: "QualityReport", filename: str) -> str:
    """Under private storage; the name carries no person's data."""
    who = f"provider-{report.provider_id}" if report.provider_id else "summary"
    return (
        f"quality-reports/{report.municipality_id}/{report.year}/"
        f"{who}-v{report.version}.pdf"
    )


class QualityReport(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="quality_reports"
    )
    # NULL: the municipal summary across all providers.
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quality_reports",
        verbose_name=_("provider"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=report_path, max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    made_at = models.DateTimeField(_("made"), auto_now_add=True)
    job = models.ForeignKey(
        Job,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by the job"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    scope_paths = ScopePaths(municipality="municipality", provider="provider")

    class Meta:
        verbose_name = _("quality report")
        verbose_name_plural = _("quality reports")
        ordering = ["-year", "provider__name", "-version"]
        constraints = [
            # NULLS NOT DISTINCT: the summary (provider NULL) has one row per
            # version too.
            models.UniqueConstraint(
                fields=["municipality", "provider", "year", "version"],
                nulls_distinct=False,
                name="quality_report_one_per_version",
            ),
            models.UniqueConstraint(
                fields=["municipality", "provider", "year"],
                condition=Q(published_at__isnull=False),
                nulls_distinct=False,
                name="quality_report_one_published",
            ),
            # A task delivered twice finds the row its first delivery made.
            models.UniqueConstraint(
                fields=["job", "provider"],
                condition=Q(job__isnull=False),
                nulls_distinct=False,
                name="quality_report_once_per_job",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="quality_report_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="quality_report_version_positive"
            ),
        ]

    def __str__(self) -> str:
        who = self.provider or _("municipal summary")
        return f"{self.municipality} {self.year} {who} v{self.version}"

    @property
    def published(self) -> bool:
        return self.published_at is not None
