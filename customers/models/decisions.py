"""Need decisions (biståndsbeslut) and the intervention catalogue."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.models.people import Customer
from kundval.models import ChangeRecord, InterventionCategory, ScopePaths, Service


class Intervention(models.Model):
    """An intervention (insats) of the catalogue of one service."""

    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("service"),
    )
    slug = models.SlugField(_("slug"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=InterventionCategory.choices
    )

    scope_paths = ScopePaths(municipality="service__municipality")

    class Meta:
        ordering = ["service", "name"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "slug"], name="intervention_slug_per_service"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=InterventionCategory.values),
                name="intervention_category_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DECIDED = "decided", _("Decided")
    ENDED = "ended", _("Ended")


class NeedDecision(models.Model):
    """A need decision (biståndsbeslut): what the customer is granted, how
    much, from when, and why (docs/domain.md §6)."""

    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("customer"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    interventions = models.ManyToManyField(
        Intervention, blank=True, related_name="+", verbose_name=_("interventions")
    )
    hours_per_month = models.DecimalField(
        _("hours per month"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(
        _("ends (empty: until further notice)"), null=True, blank=True
    )
    reasons = models.TextField(_("reasons"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DecisionStatus.choices,
        default=DecisionStatus.DRAFT,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    scope_paths = ScopePaths(municipality="customer__municipality")

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("need decision")
        verbose_name_plural = _("need decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_month__gt=0),
                name="decision_hours_positive",
                violation_error_message=_("Grant more than zero hours."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="decision_ends_after_start",
                violation_error_message=_("A decision cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DecisionStatus.values),
                name="decision_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} – {self.service}"


class DecisionEvent(ChangeRecord):
    """Every change of a decision: who, when and why (docs/architecture.md)."""

    decision = models.ForeignKey(
        NeedDecision, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=10, choices=DecisionStatus.choices)
    to_status = models.CharField(max_length=10, choices=DecisionStatus.choices)

    def __str__(self) -> str:
        return f"{self.decision}: {self.from_status} → {self.to_status}"
