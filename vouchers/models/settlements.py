"""Monthly settlements (ersättningsunderlag): what each provider is paid for
a month, line by line, and who approved and exported it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kundval.models import ChangeRecord, Municipality, ScopePaths, Service
from providers.models import Provider
from vouchers.models.rates import TimeBand, Unit


class SettlementTerms(models.Model):
    """When a municipality's month locks: on `lock_day` of the next month.
    Time reported or changed after that is paid as a correction in the next
    open month."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="settlement_terms"
    )
    lock_day = models.PositiveSmallIntegerField(
        _("the month locks on day"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        verbose_name = _("settlement terms")
        verbose_name_plural = _("settlement terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(lock_day__gte=1, lock_day__lte=28),
                name="lock_day_in_every_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.lock_day}"


class SettlementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    EXPORTED = "exported", _("Exported")


class Settlement(models.Model):
    """A provider's settlement for one month in one municipality."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="settlements"
    )
    month = models.DateField(_("month"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SettlementStatus.choices,
        default=SettlementStatus.DRAFT,
    )
    total = models.DecimalField(_("total (SEK)"), max_digits=14, decimal_places=2)
    unpaid_seconds = models.BigIntegerField(_("time outside every band (s)"))
    unapproved_seconds = models.BigIntegerField(_("time not approved (s)"))
    computed_at = models.DateTimeField(_("computed"))

    scope_paths = ScopePaths(municipality="municipality", provider="provider")

    class Meta:
        ordering = ["-month", "provider__name"]
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "provider", "month"],
                name="one_settlement_per_provider_and_month",
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="settlement_month_first_day"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SettlementStatus.values),
                name="settlement_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.month:%Y-%m}"


class LineKind(models.TextChoices):
    BAND = "band", _("Time band")
    CORRECTION = "correction", _("Correction of an earlier month")
    SUPPLEMENT = "supplement", _("Supplement")


class SettlementLine(models.Model):
    """Hours (or visits, or customers) x rate = amount, per service and band;
    or a supplement. Amounts are the sum of the segments' amounts, each
    rounded to the öre (vouchers.settlement.pricing)."""

    settlement = models.ForeignKey(
        Settlement, on_delete=models.CASCADE, related_name="lines"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    band = models.ForeignKey(
        TimeBand, on_delete=models.PROTECT, null=True, related_name="+"
    )
    label = models.CharField(_("line"), max_length=200)
    unit = models.CharField(_("unit"), max_length=8, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2)
    rate = models.DecimalField(_("rate"), max_digits=10, decimal_places=3)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["settlement", "pk"]
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LineKind.values), name="line_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(unit="") | Q(unit__in=[*Unit.values, "percent"]),
                name="line_unit_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class SettlementEvent(ChangeRecord):
    """Who computed, approved, reopened or exported a settlement, and why."""

    settlement = models.ForeignKey(
        Settlement, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=10, choices=SettlementStatus.choices)
    to_status = models.CharField(max_length=10, choices=SettlementStatus.choices)
    # None: the system computed it (a settlement run), not a person.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )

    def __str__(self) -> str:
        return f"{self.settlement_id}: {self.from_status}->{self.to_status}"
