"""The provider's annual quality account (årlig redovisning av kvalitet,
issue 15 item 4): one per provider, municipality and year. The provider
fills in its staff, complaints and quality work and submits it; the
municipality's quality unit accepts it or returns it with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from followup.models.surveys import FIRST_YEAR, LAST_YEAR
from kundval.models import Municipality, ScopePaths


class AccountStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


# The figures a submitted account must hold (a draft may lack any).
FIGURES = (
    "assistant_nurse_share",
    "staff_turnover",
    "staff_count",
    "complaints_received",
    "complaints_handled",
)


class QualityAccount(models.Model):
    provider = models.ForeignKey(
        "providers.Provider", on_delete=models.PROTECT, related_name="quality_accounts"
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="quality_accounts"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccountStatus.choices,
        default=AccountStatus.DRAFT,
    )
    assistant_nurse_share = models.DecimalField(
        _("share of staff who are assistant nurses (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    staff_turnover = models.DecimalField(
        _("staff turnover (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    staff_count = models.PositiveIntegerField(
        _("number of staff"), null=True, blank=True
    )
    complaints_received = models.PositiveIntegerField(
        _("complaints received in the year"), null=True, blank=True
    )
    complaints_handled = models.PositiveIntegerField(
        _("complaints handled in the year"), null=True, blank=True
    )
    improvements = models.TextField(_("improvements made"), blank=True)
    goals = models.TextField(_("goals for next year"), blank=True)
    quality_work = models.TextField(_("the quality work"), blank=True)
    return_reason = models.TextField(_("why it was returned"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ScopePaths(municipality="municipality", provider="provider")

    class Meta:
        verbose_name = _("quality account")
        verbose_name_plural = _("quality accounts")
        ordering = ["-year", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "municipality", "year"],
                name="quality_account_one_per_year",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="quality_account_year_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AccountStatus.values),
                name="quality_account_status_known",
            ),
            models.CheckConstraint(
                condition=Q(
                    assistant_nurse_share__gte=0, assistant_nurse_share__lte=100
                )
                | Q(assistant_nurse_share__isnull=True),
                name="quality_account_share_0_100",
            ),
            models.CheckConstraint(
                condition=Q(staff_turnover__gte=0) | Q(staff_turnover__isnull=True),
                name="quality_account_turnover_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status=AccountStatus.DRAFT)
                | Q(**{f"{name}__isnull": False for name in FIGURES}),
                name="quality_account_figures_when_submitted",
            ),
            models.CheckConstraint(
                condition=~Q(status=AccountStatus.RETURNED) | ~Q(return_reason=""),
                name="quality_account_returned_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.municipality} {self.year}"
