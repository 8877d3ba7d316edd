"""Performed time (utförd tid): the only time paid, once the customer has
approved it (Nacka: "godkänns av den enskilde", docs/domain.md §3)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kundval.models import InterventionCategory, Municipality, ScopePaths, Service
from providers.models import Provider

LONGEST_VISIT = timedelta(hours=24)


class VisitSource(models.TextChoices):
    FORM = "form", _("Form")
    CSV = "csv", _("CSV file")
    API = "api", _("API")


class Visit(models.Model):
    """One visit of a provider's staff to a customer under a choice.

    Municipality, service, provider and customer repeat the choice's so that
    a month is settled from this table alone, in one pass. `settle_month` is
    the month whose settlement pays it: the month it started in, or, if that
    month was already locked when it was reported, the next open one (a
    correction). A paid visit changed after its month locked is cancelled in
    the next open month (`cancelled_month`, paid back there) and replaced.
    """

    choice = models.ForeignKey(
        "customers.Choice",
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("choice"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="visits"
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="visits"
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    category = models.CharField(
        _("intervention category"),
        max_length=20,
        choices=InterventionCategory.choices,
    )
    staff = models.CharField(_("staff id"), max_length=40, blank=True)
    approved_at = models.DateTimeField(_("approved by the customer"), null=True)
    overlaps = models.BooleanField(
        _("overlaps another visit of the customer"), default=False
    )
    settle_month = models.DateField(_("settled in month"))
    cancelled_month = models.DateField(_("paid back in month"), null=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    source = models.CharField(
        _("reported by"), max_length=4, choices=VisitSource.choices
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)

    scope_paths = ScopePaths(municipality="municipality", provider="provider")

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(
                fields=["municipality", "settle_month", "provider"],
                name="visit_settlement",
            ),
            # The first and last start of a month's visits, from the index.
            models.Index(
                fields=["municipality", "settle_month", "starts_at"],
                name="visit_month_starts",
            ),
            models.Index(fields=["customer", "starts_at"], name="visit_customer"),
            models.Index(fields=["choice", "starts_at"], name="visit_choice"),
            models.Index(
                fields=["municipality", "cancelled_month"],
                name="visit_cancelled",
                condition=Q(cancelled_month__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="visit_ends_after_start",
                violation_error_message=_("A visit must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__lte=F("starts_at") + LONGEST_VISIT),
                name="visit_at_most_a_day",
                violation_error_message=_("A visit cannot last more than 24 hours."),
            ),
            models.CheckConstraint(
                condition=Q(settle_month__day=1)
                & (Q(cancelled_month__isnull=True) | Q(cancelled_month__day=1)),
                name="visit_months_are_first_days",
            ),
            models.CheckConstraint(
                condition=Q(category__in=InterventionCategory.values),
                name="visit_category_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at
