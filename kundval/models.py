"""The shared base: municipalities, their services and areas, staff roles,
the access log and background jobs. Every app may use these; none of these
may use an app below (DESIGN.md §6)."""

from collections.abc import Callable

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundval.validators import validate_municipal_orgnr

slug_validator = RegexValidator(
    r"^[a-z0-9-]+$", _("Use lowercase letters a–z, digits and hyphens only.")
)


class ScopePaths:
    """How a model is reached from a municipality and a provider, for scoping.

    `municipality` and `provider` are ORM lookup paths ("pk", "municipality",
    "choice__provider"); None means that kind of user never sees the model.
    Where a provider's reach depends on more than a path (a customer is seen
    only while a choice of the provider lasts), `provider` is a function
    from the user's provider ids to a Q.
    """

    def __init__(
        self,
        *,
        municipality: str | None,
        provider: str | Callable[[frozenset[int]], Q] | None = None,
    ):
        self.municipality = municipality
        self.provider = provider


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


class Role(models.TextChoices):
    CASE_OFFICER = "case_officer", _("Case officer")
    QUALITY_OFFICER = "quality_officer", _("Quality officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Provider users are members of a provider, not of a municipality: the
    # providers app keeps that membership and tells scoping about it.
    PROVIDER_USER = "provider_user", _("Provider user")


MUNICIPAL_ROLES = [
    Role.CASE_OFFICER,
    Role.QUALITY_OFFICER,
    Role.FINANCE_OFFICER,
    Role.ADMINISTRATOR,
]


class Membership(models.Model):
    """A user's role in one municipality. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in MUNICIPAL_ROLES]),
                name="membership_role_is_municipal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.municipality}"


class AccessLogQuerySet(models.QuerySet):
    """Rows are written once and never changed; a trigger enforces it too."""

    def update(self, **kwargs):
        raise PermissionError("The access log cannot be changed.")

    def delete(self):
        raise PermissionError("The access log cannot be deleted.")


class AccessLog(models.Model):
    """One row per read of a customer's data (OSL 26 kap, GDPR art. 9).

    `customer_id` is a plain number, not a foreign key: the log must outlive
    the customer row and must not depend on the customers app.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    customer_id = models.BigIntegerField(_("customer"), db_index=True)
    what = models.CharField(_("what was viewed"), max_length=200)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = AccessLogQuerySet.as_manager()
    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.what}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log cannot be deleted.")


class Job(models.Model):
    """A background job whose progress the UI shows (reports, settlements)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    # A job split into parts (a month's settlement, one part per chunk of
    # providers) counts its parts, and its progress follows them.
    steps = models.PositiveIntegerField(_("parts"), default=1)
    steps_done = models.PositiveIntegerField(_("parts done"), default=0)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
