"""The call for applications (announcement) and the conditions it sets."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from kundval.models import Area, Municipality, ScopePaths, Service


class OnBreach(models.TextChoices):
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
    exclusion_explanation = models.TextField(
        _("explanation of any exclusion ground that applies"), blank=True
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


class ExclusionGround(models.TextChoices):
    """The grounds for excluding an applicant, LOV 7 kap 1 § (DOMAIN.md §5)."""

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


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class DocumentKind(models.TextChoices):
    EVIDENCE = "evidence", _("Evidence")
    INSURANCE = "insurance", _("Liability insurance")
    F_TAX_CERTIFICATE = "f_tax_certificate", _("F-tax certificate")


EXPIRING_KINDS = [DocumentKind.INSURANCE, DocumentKind.F_TAX_CERTIFICATE]


def _document_path(document: "Document", filename: str) -> str:
    # Never the uploaded name: it may hold a personal identity number.
    return f"documents/{document.provider_id}/{uuid.uuid4().hex}{document.extension}"


class Document(models.Model):
    """A file a provider or the quality unit hands in: evidence for a
    condition, a certificate that expires, or the evidence of a sanction.

    Stored under the private MEDIA_ROOT and served only by a view that checks
    scope. `municipality` is the one whose quality unit reads it.
    """

    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("provider"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    condition = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("condition"),
    )
    sanction = models.ForeignKey(
        "Sanction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=_document_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    scope_paths = ScopePaths(municipality="municipality", provider="provider")

    EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="document_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(size__lte=MAX_DOCUMENT_BYTES),
                name="document_at_most_10_mb",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=EXPIRING_KINDS)
                | models.Q(valid_until__isnull=False),
                name="expiring_document_has_valid_until",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]


class ManagerRole(models.TextChoices):
    MANAGER = "manager", _("Manager")
    SUBSTITUTE = "substitute", _("Substitute")


class Manager(models.Model):
    """The manager (verksamhetsansvarig) or the substitute named in an
    application or in a self-report, with the facts the qualification rule
    reads (authorization.qualification)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="managers",
    )
    report = models.OneToOneField(
        "Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="manager",
    )
    role = models.CharField(_("role"), max_length=12, choices=ManagerRole.choices)
    name = models.CharField(_("name"), max_length=200)
    education = models.TextField(_("education"))
    education_years = models.DecimalField(
        _("years of post-secondary care education"),
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    yh_credits = models.PositiveSmallIntegerField(
        _("higher vocational credits (YH points)"), default=0
    )
    education_abroad = models.BooleanField(_("education from abroad"), default=False)
    validated_by_uhr = models.BooleanField(
        _("foreign education validated by UHR"), default=False
    )
    fluent_swedish = models.BooleanField(
        _("fluent Swedish in speech and writing"), default=False
    )

    # Read only through its application or report, which are scoped.
    scope_paths = ScopePaths(municipality=None)

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=True, report__isnull=False)
                | models.Q(application__isnull=False, report__isnull=True),
                name="manager_named_in_application_or_report",
            ),
            models.UniqueConstraint(
                fields=["application", "role"], name="one_manager_per_role"
            ),
            models.CheckConstraint(
                condition=models.Q(education_years__gte=0),
                name="education_years_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class WorkKind(models.TextChoices):
    CARE_WORK = "care_work", _("Care work")
    SUPERVISING = "supervising", _("Supervising staff and operations")


class WorkPeriod(models.Model):
    """A dated period of work at a percentage of full time."""

    manager = models.ForeignKey(
        Manager, on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=WorkKind.choices)
    employer = models.CharField(_("employer and position"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("to (empty: ongoing)"), null=True, blank=True)
    percent = models.PositiveSmallIntegerField(
        _("percent of full time"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["kind", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=F("start")),
                name="work_period_ends_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=1, percent__lte=100),
                name="work_period_percent_1_to_100",
                violation_error_message=_("Give a percentage from 1 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.start}–{self.end or ''} {self.percent} %"


class ReportKind(models.TextChoices):
    NEW_MANAGER = "new_manager", _("New manager")
    SUBSTITUTE = "substitute", _("New substitute")
    SERIOUS_COMPLAINT = "serious_complaint", _("Serious complaint")
    FAULT = "fault", _("Fault")
    DEVIATION = "deviation", _("Deviation")


# A new manager needs the quality unit's approval; the rest are taken note of.
REPORTS_NEEDING_APPROVAL = {ReportKind.NEW_MANAGER}
REPORTS_NAMING_A_PERSON = {ReportKind.NEW_MANAGER, ReportKind.SUBSTITUTE}


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    NOTED = "noted", _("Noted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Report(models.Model):
    """What an authorized provider reports to the quality unit (self-report)."""

    authorization = models.ForeignKey(
        "Authorization", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    occurred_on = models.DateField(_("date of the event or change"))
    text = models.TextField(_("description"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.RECEIVED,
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handling_note = models.TextField(_("the quality unit's note"), blank=True)

    scope_paths = ScopePaths(
        municipality="authorization__service__municipality",
        provider="authorization__provider",
    )

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("self-report")
        verbose_name_plural = _("self-reports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReportKind.values),
                name="report_kind_known",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values),
                name="report_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authorization}: {self.get_kind_display()}"


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    REVOCATION = "revocation", _("Revocation")


class Sanction(models.Model):
    """A warning or a revocation for a breach of one condition (DOMAIN.md §7)."""

    authorization = models.ForeignKey(
        "Authorization", on_delete=models.PROTECT, related_name="sanctions"
    )
    condition = models.ForeignKey(
        Condition,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("breached condition"),
    )
    kind = models.CharField(_("sanction"), max_length=12, choices=SanctionKind.choices)
    evidence = models.TextField(_("evidence of the breach"))
    reasons = models.TextField(_("reasons"))
    effective_from = models.DateField(_("effective from"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    scope_paths = ScopePaths(
        municipality="authorization__service__municipality",
        provider="authorization__provider",
    )

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SanctionKind.values),
                name="sanction_kind_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.authorization}: {self.get_kind_display()}"
