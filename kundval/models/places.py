"""Municipalities, the services they open for choice, and their areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kundval.models.base import ScopePaths, slug_validator
from kundval.validators import validate_municipal_orgnr


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=50, unique=True, validators=[slug_validator]
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=10,
        unique=True,
        validators=[validate_municipal_orgnr],
        help_text=_("Ten digits, stored without hyphen."),
    )
    # Socialtjänstförordningen 7 kap. 2 §: the files of people born on the
    # 5th, 15th and 25th are kept for research and go to the archive instead
    # of being erased (docs/retention.md). A municipality whose archive
    # authority decided otherwise turns it off.
    keeps_research_files = models.BooleanField(
        _("keep the files of people born on the 5th, 15th and 25th"),
        default=True,
    )

    scope_paths = ScopePaths(municipality="pk")

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation_number__regex=r"^2[0-9]{9}$"),
                name="municipality_orgnr_ten_digits_form_2",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_number_display(self) -> str:
        return f"{self.organisation_number[:6]}-{self.organisation_number[6:]}"


class ServiceKind(models.TextChoices):
    HOME_CARE = "home_care", _("Home care")
    ESCORT = "escort", _("Escort")
    RELIEF = "relief", _("Carer relief")
    RESIDENTIAL = "residential", _("Residential care")
    DAY_ACTIVITY = "day_activity", _("Day activity")


class InterventionCategory(models.TextChoices):
    """What an intervention of a service is: case officers grant it, and
    Nacka prices service interventions apart from personal care (docs/domain.md §3)."""

    SERVICE = "service", _("Service intervention")
    PERSONAL_CARE = "personal_care", _("Personal care")


class Service(models.Model):
    """One service open for choice in one municipality (a valfrihetssystem)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("municipality"),
    )
    slug = models.SlugField(_("slug"), max_length=50, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="service_slug_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ServiceKind.values),
                name="service_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"


class Area(models.Model):
    """A geographic part of a municipality (Trosa: Trosa, Vagnhärad, Västerljung)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="areas",
        verbose_name=_("municipality"),
    )
    slug = models.SlugField(_("slug"), max_length=50, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=100)

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="area_slug_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"
