"""The authorization an approved application gives, and the provider's
declaration on the grounds for exclusion (LOV 7 kap 1 §)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from authorization.models.applications import (
    Application,
)
from kundval.models import Area, ScopePaths, Service


class Authorization(models.Model):
    """The decision that a provider may deliver a service in some areas.

    Created when an application is approved; in force once the provider has
    accepted the contract, from `valid_from`, until revoked.
    """

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="authorization"
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="authorizations",
        verbose_name=_("provider"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    areas = models.ManyToManyField(Area, related_name="+", verbose_name=_("areas"))
    valid_from = models.DateField(_("valid from"))
    capacity_ceiling = models.PositiveIntegerField(
        _("capacity ceiling (customers)"), null=True, blank=True
    )
    contract_accepted_at = models.DateTimeField(
        _("contract accepted"), null=True, blank=True
    )
    contract_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_from = models.DateField(_("revoked from"), null=True, blank=True)

    scope_paths = ScopePaths(municipality="service__municipality", provider="provider")

    class Meta:
        verbose_name = _("authorization")
        verbose_name_plural = _("authorizations")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "service"],
                condition=models.Q(revoked_from__isnull=True),
                name="one_authorization_per_provider_and_service",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} – {self.service}"


class ExclusionGround(models.TextChoices):
    """The grounds for excluding an applicant, LOV 7 kap 1 § (docs/domain.md §5)."""

    INSOLVENT = (
        "insolvent",
        _("Bankrupt, in liquidation or company reconstruction, or under a trading ban"),
    )
    INSOLVENCY_PENDING = (
        "insolvency_pending",
        _("An application for bankruptcy, liquidation or reconstruction is pending"),
    )
    CONVICTED = (
        "convicted",
        _("Convicted by a final judgment of a crime concerning professional conduct"),
    )
    MISCONDUCT = "misconduct", _("Grave professional misconduct")
    UNPAID_TAXES = "unpaid_taxes", _("Unpaid taxes or social-security contributions")
    FALSE_INFORMATION = (
        "false_information",
        _("False information given, or requested information withheld"),
    )


class ExclusionDeclaration(models.Model):
    """The applicant's declaration on one exclusion ground."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="declarations"
    )
    ground = models.CharField(
        _("ground"), max_length=25, choices=ExclusionGround.choices
    )
    applies = models.BooleanField(_("applies"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "ground"], name="one_declaration_per_ground"
            ),
            models.CheckConstraint(
                condition=models.Q(ground__in=ExclusionGround.values),
                name="exclusion_ground_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.ground}: {self.applies}"
