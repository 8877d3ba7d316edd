"""Complaints and opinions (synpunkter och klagomål, issue 15 item 1) about a
provider and/or the municipality, their handling states and change records,
and each municipality's deadlines for handling them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kundval.models import ChangeRecord, Municipality, ScopePaths


class Category(models.TextChoices):
    CONDUCT = "conduct", _("Treatment (bemötande)")
    TIMES = "times", _("Times")
    QUALITY = "quality", _("Quality of the care")
    CONTINUITY = "continuity", _("Continuity")
    CASEWORK = "casework", _("Case handling")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter")
    API = "api", _("Partner system")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    INVESTIGATING = "investigating", _("Under investigation")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class SeriousQuestion(models.TextChoices):
    """The questions whose "yes" makes a complaint serious: the quality unit
    hears of it at once (the general conditions: serious complaints are
    reported to the municipality)."""

    HARM = "harm", _("Was someone hurt, or at risk of being hurt?")
    NEGLECT = "neglect", _("Was help that was decided not given at all?")
    MISTREATMENT = "mistreatment", _("Was someone treated badly or threatened?")


class ComplaintTerms(models.Model):
    """A municipality's deadlines in working days; a municipality without a
    row uses the typical ones (the field defaults)."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="complaint_terms"
    )
    confirm_days = models.PositiveSmallIntegerField(
        _("working days to confirm receipt"), default=2
    )
    assign_days = models.PositiveSmallIntegerField(
        _("working days to name a handler"), default=5
    )
    answer_days = models.PositiveSmallIntegerField(
        _("working days to answer with measures"), default=14
    )

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        verbose_name = _("complaint deadlines")
        verbose_name_plural = _("complaint deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(confirm_days__gte=1)
                & Q(assign_days__gte=models.F("confirm_days"))
                & Q(answer_days__gte=models.F("assign_days")),
                name="complaint_terms_in_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.municipality)


class Complaint(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="complaints"
    )
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("provider"),
    )
    about_municipality = models.BooleanField(_("about the municipality"))
    # Staff may link the customer a complaint concerns: reading its contact
    # details is then a read of the customer's data (access log).
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.CharField(_("category"), max_length=12, choices=Category)
    text = models.TextField(_("what happened"))
    serious = models.BooleanField(_("serious"), default=False)
    # The serious questions answered yes, by their key (SERIOUS_QUESTIONS).
    serious_answers = models.JSONField(default=list, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    channel = models.CharField(_("received by"), max_length=6, choices=Channel)
    status = models.CharField(
        _("status"),
        max_length=13,
        choices=ComplaintStatus,
        default=ComplaintStatus.RECEIVED,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handler"),
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("receipt confirmed"), null=True, blank=True)
    confirm_by = models.DateField(_("confirm receipt by"))
    assign_by = models.DateField(_("name a handler by"))
    answer_by = models.DateField(_("answer by"))
    answer = models.TextField(_("answer and measures"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # A form posted twice carries one key: one complaint (a double click).
    # Staff-registered complaints have none; a partner system's carries a
    # hash of its Idempotency-Key.
    submission_key = models.CharField(max_length=64, blank=True)
    # SHA-256 of the sender's address and the secret key, for the rate limit:
    # never the address itself.
    client_hash = models.CharField(max_length=64, blank=True)

    scope_paths = ScopePaths(municipality="municipality", provider="provider")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [models.Index(fields=["client_hash", "received_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="complaint_submission_once",
            ),
            models.CheckConstraint(
                condition=Q(provider__isnull=False) | Q(about_municipality=True),
                name="complaint_about_someone",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(name="", email="", phone=""),
                name="complaint_anonymous_has_no_contact",
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values),
                name="complaint_category_known",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values),
                name="complaint_channel_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ComplaintStatus.values),
                name="complaint_status_known",
            ),
            models.CheckConstraint(
                condition=Q(serious=False) | ~Q(serious_answers=[]),
                name="complaint_serious_has_answers",
            ),
            models.CheckConstraint(
                condition=Q(confirm_by__lte=models.F("assign_by"))
                & Q(assign_by__lte=models.F("answer_by")),
                name="complaint_deadlines_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Complaint')} {self.pk}"

    @property
    def serious_labels(self) -> list[str]:
        return [SeriousQuestion(key).label for key in self.serious_answers]


class ComplaintEvent(ChangeRecord):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=13, choices=ComplaintStatus)
    to_status = models.CharField(max_length=13, choices=ComplaintStatus)

    scope_paths = ScopePaths(
        municipality="complaint__municipality", provider="complaint__provider"
    )

    class Meta(ChangeRecord.Meta):
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
