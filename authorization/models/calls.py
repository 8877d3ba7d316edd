"""The call for applications (announcement) and the conditions it sets."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kundval.models import Area, Municipality, ScopePaths, Service


class OnBreach(models.TextChoices):
    WARNING = "warning", _("Warning")
    WARNING_OR_REVOCATION = "warning_or_revocation", _("Warning and/or revocation")


class Condition(models.Model):
    """A requirement on providers: general (all services of the municipality)
    when `service` is empty, else specific to that service (docs/domain.md §9)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="conditions",
        verbose_name=_("municipality"),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="specific_conditions",
        verbose_name=_("service (empty: general condition)"),
    )
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("condition"))
    shown_at_authorization = models.BooleanField(
        _("shown at authorization"), default=False
    )
    checked_at_follow_up = models.BooleanField(_("checked at follow-up"), default=False)
    self_reported = models.BooleanField(_("reported by the provider"), default=False)
    sanction = models.CharField(_("on breach"), max_length=30, choices=OnBreach.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    checks_manager = models.BooleanField(
        _("the manager qualification is computed for this condition"), default=False
    )

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        ordering = ["municipality", "service", "position"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="condition_code_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(shown_at_authorization=True)
                | models.Q(checked_at_follow_up=True)
                | models.Q(self_reported=True),
                name="condition_has_a_checkpoint",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def checkpoints(self) -> list[str]:
        """The checkpoints, as labels, in the order Nacka's conditions list them."""
        flags = [
            (self.shown_at_authorization, _("Shown at authorization")),
            (self.checked_at_follow_up, _("Follow-up")),
            (self.self_reported, _("Reported by the provider")),
        ]
        return [label for on, label in flags if on]


class Announcement(models.Model):
    """The public call (förfrågningsunderlag) for one service.

    Applications are taken continuously for as long as the system of choice
    exists (LOV), so there is no closing date.
    """

    service = models.OneToOneField(
        Service,
        on_delete=models.PROTECT,
        related_name="announcement",
        verbose_name=_("service"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    areas = models.ManyToManyField(Area, related_name="+", verbose_name=_("areas"))
    rates_summary = models.TextField(_("voucher rates in force"))
    capacity_ceiling = models.TextField(
        _("capacity ceiling rules"),
        blank=True,
        help_text=_("Empty: providers must accept everyone who chooses them."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    scope_paths = ScopePaths(municipality="service__municipality")

    class Meta:
        ordering = ["service__municipality__name", "service__name"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title
