"""The call for applications (announcement) and the conditions it sets."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kundval.models import Area, Municipality, ScopePaths, Service


class Sanction(models.TextChoices):
    WARNING = "warning", _("Warning")
    WARNING_OR_REVOCATION = "warning_or_revocation", _("Warning and/or revocation")


class Condition(models.Model):
    """A requirement on providers: general (all services of the municipality)
    when `service` is empty, else specific to that service (DOMAIN.md §9)."""

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
    sanction = models.CharField(_("on breach"), max_length=30, choices=Sanction.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

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
        """The checkpoints in the order the seeds list them, as labels."""
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


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COMPLETION_REQUESTED = "completion_requested", _("Completion requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_APPLICATION_STATUSES = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.COMPLETION_REQUESTED,
]


class Application(models.Model):
    """A provider's application to deliver the service of one call, in some areas."""

    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("provider"),
    )
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("call for applications"),
    )
    areas = models.ManyToManyField(Area, related_name="+", verbose_name=_("areas"))
    status = models.CharField(
        _("status"),
        max_length=25,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    scope_paths = ScopePaths(
        municipality="announcement__service__municipality", provider="provider"
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "announcement"],
                condition=models.Q(status__in=OPEN_APPLICATION_STATUSES),
                name="one_open_application_per_provider_and_call",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values),
                name="application_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} – {self.announcement}"


class ConditionAnswer(models.Model):
    """How the provider says it meets one condition."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers"
    )
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("answer"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "condition"], name="one_answer_per_condition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.condition}"


class ApplicationEvent(models.Model):
    """Every status change: who, when, why (DESIGN.md §7)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=25, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=25, choices=ApplicationStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    note = models.TextField(_("reasons"), blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"


class Verdict(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NEEDS_COMPLETION = "needs_completion", _("Needs completion")


class ConditionReview(models.Model):
    """The quality unit's verdict on one condition of one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews"
    )
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "condition"], name="one_review_per_condition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.condition}: {self.verdict}"


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
