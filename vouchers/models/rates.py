"""The payment model of a service: a tariff valid over a period, its time
bands (when a rate applies), the rates per provider kind, supplements, and
the major-holiday rules of the municipality (docs/domain.md §2-§3)."""

from datetime import time

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kundval.models import (
    DateRange,
    InterventionCategory,
    Municipality,
    ScopePaths,
    Service,
)
from providers.models import ProviderKind


class MajorHoliday(models.TextChoices):
    EASTER = "easter", _("Easter (Good Friday to Easter Monday)")
    WHITSUN = "whitsun", _("Whitsun (Whitsun Eve and Whit Sunday)")
    MIDSUMMER = "midsummer", _("Midsummer (Eve and Day)")
    CHRISTMAS = "christmas", _("Christmas (24–26 December)")
    NEW_YEAR = "new_year", _("New Year (31 December and 1 January)")


DEFAULT_MAJOR_HOLIDAYS = (
    MajorHoliday.EASTER,
    MajorHoliday.MIDSUMMER,
    MajorHoliday.CHRISTMAS,
    MajorHoliday.NEW_YEAR,
)


class MajorHolidayRule(models.Model):
    """A major holiday (storhelg) of a municipality's agreement: from
    `starts_at` on the day before its first day to `ends_at` on the day after
    its last. Windows are generated per year from these (vouchers.calendar)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="major_holiday_rules",
        verbose_name=_("municipality"),
    )
    holiday = models.CharField(
        _("major holiday"), max_length=10, choices=MajorHoliday.choices
    )
    starts_at = models.TimeField(_("from, the day before"), default=time(18))
    ends_at = models.TimeField(_("until, the day after"), default=time(7))

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        ordering = ["municipality", "holiday"]
        verbose_name = _("major holiday rule")
        verbose_name_plural = _("major holiday rules")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "holiday"], name="one_rule_per_major_holiday"
            ),
            models.CheckConstraint(
                condition=Q(holiday__in=MajorHoliday.values),
                name="major_holiday_known",
            ),
        ]

    def __str__(self) -> str:
        return self.get_holiday_display()


class Tariff(models.Model):
    """The payment model of one service over a period. Next year's rates are
    a new tariff, so a visit is always priced with the one valid at its
    start and the past is never touched."""

    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="tariffs",
        verbose_name=_("service"),
    )
    name = models.CharField(_("name"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    scope_paths = ScopePaths(municipality="service__municipality")

    class Meta:
        ordering = ["service", "-valid_from"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        constraints = [
            ExclusionConstraint(
                name="one_tariff_at_a_time",
                expressions=[
                    (
                        DateRange("valid_from", "valid_to", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                    ("service", RangeOperators.EQUAL),
                ],
                violation_error_message=_(
                    "The service already has a tariff for part of that period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="tariff_ends_after_start",
                violation_error_message=_("A tariff cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%Y-%m-%d}–)"


class Unit(models.TextChoices):
    HOUR = "hour", _("per hour")
    VISIT = "visit", _("per visit")
    MONTH = "month", _("per customer and month")


class TimeBand(models.Model):
    """When a rate applies. Where windows of two bands overlap, the lower
    position wins; major-holiday windows win over everything."""

    tariff = models.ForeignKey(
        Tariff, on_delete=models.CASCADE, related_name="bands", verbose_name=_("tariff")
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("precedence"), default=0)
    unit = models.CharField(_("paid"), max_length=5, choices=Unit.choices)
    category = models.CharField(
        _("only for interventions of category"),
        max_length=20,
        choices=InterventionCategory.choices,
        blank=True,
        help_text=_(
            "Leave empty for a band by time of day. A band for one category "
            "(Nacka's service interventions) replaces the time bands for it."
        ),
    )
    major_holidays = models.BooleanField(
        _("applies during major holidays"), default=False
    )

    scope_paths = ScopePaths(municipality="tariff__service__municipality")

    class Meta:
        ordering = ["tariff", "position", "pk"]
        verbose_name = _("time band")
        verbose_name_plural = _("time bands")
        constraints = [
            models.UniqueConstraint(
                fields=["tariff", "name"], name="band_name_per_tariff"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=Unit.values), name="band_unit_known"
            ),
            models.CheckConstraint(
                condition=Q(category="") | Q(category__in=InterventionCategory.values),
                name="band_category_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


HOLIDAY = 7  # The day code of a public holiday or eve; 0-6 are Monday-Sunday.
DAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
    (HOLIDAY, _("Public holiday or eve")),
]


class BandWindow(models.Model):
    """A clock range on some days: Mon-Fri 06:00-19:00. An end at or before
    the start runs into the next day (22:00-06:00; 00:00-00:00 is the whole
    day). On a public holiday or eve only the windows marked for holidays
    apply, whatever weekday it is."""

    band = models.ForeignKey(TimeBand, on_delete=models.CASCADE, related_name="windows")
    days = ArrayField(
        models.PositiveSmallIntegerField(
            validators=[MinValueValidator(0), MaxValueValidator(HOLIDAY)]
        ),
        verbose_name=_("days"),
    )
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        ordering = ["band", "pk"]
        verbose_name = _("band window")
        verbose_name_plural = _("band windows")
        constraints = [
            models.CheckConstraint(
                condition=Q(days__len__gt=0)
                & Q(days__contained_by=[d for d, _label in DAY_CHOICES]),
                name="band_window_days_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.band_id}: {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class Rate(models.Model):
    """The amount of a band for a provider kind (checkbelopp)."""

    band = models.ForeignKey(TimeBand, on_delete=models.CASCADE, related_name="rates")
    provider_kind = models.CharField(
        _("provider kind"), max_length=10, choices=ProviderKind.choices
    )
    amount = models.DecimalField(_("amount (SEK)"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["band", "provider_kind"]
        verbose_name = _("rate")
        verbose_name_plural = _("rates")
        constraints = [
            models.UniqueConstraint(
                fields=["band", "provider_kind"], name="one_rate_per_band_and_kind"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.band_id} {self.provider_kind}: {self.amount}"


class SupplementKind(models.TextChoices):
    PER_HOUR = "per_hour", _("SEK per paid hour")
    PERCENT = "percent", _("percent of the amount")


class Supplement(models.Model):
    """Paid on top to one provider kind: Trosa's 28 SEK per hour for
    overhead and VAT, or its 1.3 % VAT compensation. A percentage is of the
    band amounts plus the hourly supplements."""

    tariff = models.ForeignKey(
        Tariff, on_delete=models.CASCADE, related_name="supplements"
    )
    name = models.CharField(_("name"), max_length=100)
    provider_kind = models.CharField(
        _("provider kind"), max_length=10, choices=ProviderKind.choices
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SupplementKind.choices)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=3)

    class Meta:
        ordering = ["tariff", "kind", "pk"]
        verbose_name = _("supplement")
        verbose_name_plural = _("supplements")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gt=0), name="supplement_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SupplementKind.values),
                name="supplement_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name
