"""Customer fees (docs/domain.md §4): the municipality's fee per performed hour,
capped by the year's maximum fee and by the customer's fee room."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kundval.models import Municipality, ScopePaths


class MaximumFee(models.Model):
    """The national maximum fee (maxtaxa) per month for a year: 1/12 x
    53.92 % x the price base amount. Data, because it changes every year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    monthly_amount = models.DecimalField(
        _("maximum fee per month (SEK)"), max_digits=8, decimal_places=2
    )

    scope_paths = ScopePaths(municipality=None)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("maximum fee")
        verbose_name_plural = _("maximum fees")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gt=0), name="maximum_fee_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.monthly_amount}"


class FeeSchedule(models.Model):
    """The municipality's fee per performed hour, from a date."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="fee_schedules"
    )
    valid_from = models.DateField(_("valid from"))
    hourly_fee = models.DecimalField(
        _("fee per hour (SEK)"), max_digits=8, decimal_places=2
    )

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        ordering = ["municipality", "-valid_from"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "valid_from"], name="one_fee_per_day"
            ),
            models.CheckConstraint(
                condition=Q(hourly_fee__gte=0), name="hourly_fee_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hourly_fee} SEK/h ({self.valid_from:%Y-%m-%d}-)"


class FeeBasis(models.Model):
    """A customer's income and reserved amount (förbehållsbelopp) from a
    date; the fee room is what is left, never less than zero."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="fee_bases"
    )
    valid_from = models.DateField(_("valid from"))
    monthly_income = models.DecimalField(
        _("income per month (SEK)"), max_digits=10, decimal_places=2
    )
    reserved_amount = models.DecimalField(
        _("reserved amount per month (SEK)"), max_digits=10, decimal_places=2
    )

    scope_paths = ScopePaths(municipality="customer__municipality")

    class Meta:
        ordering = ["customer", "-valid_from"]
        verbose_name = _("fee basis")
        verbose_name_plural = _("fee bases")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "valid_from"], name="one_fee_basis_per_day"
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__gte=0, reserved_amount__gte=0),
                name="fee_basis_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} ({self.valid_from:%Y-%m-%d}-)"

    @property
    def fee_room(self):
        return max(self.monthly_income - self.reserved_amount, 0)


class FeeStatement(models.Model):
    """What a customer pays for a month, and why: performed hours x the
    hourly fee, capped by the maximum fee and the fee room."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="fee_statements"
    )
    month = models.DateField(_("month"))
    hours = models.DecimalField(_("approved hours"), max_digits=8, decimal_places=2)
    hourly_fee = models.DecimalField(_("fee per hour"), max_digits=8, decimal_places=2)
    fee_by_hours = models.DecimalField(
        _("hours × fee"), max_digits=10, decimal_places=2
    )
    maximum_fee = models.DecimalField(_("maximum fee"), max_digits=8, decimal_places=2)
    fee_room = models.DecimalField(
        _("fee room"), max_digits=10, decimal_places=2, null=True
    )
    fee = models.DecimalField(_("fee (SEK)"), max_digits=10, decimal_places=2)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    scope_paths = ScopePaths(municipality="customer__municipality")

    class Meta:
        ordering = ["-month", "customer"]
        verbose_name = _("fee statement")
        verbose_name_plural = _("fee statements")
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "month"], name="one_fee_statement_per_month"
            ),
            models.CheckConstraint(
                condition=Q(month__day=1), name="fee_month_first_day"
            ),
            models.CheckConstraint(
                condition=Q(fee__lte=F("maximum_fee"))
                & Q(fee__lte=F("fee_by_hours"))
                & Q(fee__gte=0),
                name="fee_within_caps",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.month:%Y-%m}: {self.fee}"
