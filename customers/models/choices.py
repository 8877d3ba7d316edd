"""The customer's choice of provider, the order it makes, the care plan, and
the provider's inbox (issue 5 items 3 to 6)."""

from datetime import date

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models.access import LIVE_STATUSES, ChoiceStatus, live_choice
from customers.models.decisions import NeedDecision
from kundval.models import ChangeRecord, DateRange, ScopePaths, Service
from providers.models import Provider


class SwitchReason(models.TextChoices):
    QUALITY = "quality", _("Dissatisfied with the quality")
    CONTINUITY = "continuity", _("Too many different staff")
    LANGUAGE = "language", _("Language or culture")
    MOVED = "moved", _("Moved within the municipality")
    REVOKED = "revoked", _("The provider's authorization was revoked")
    OTHER = "other", _("Other reason")


class Choice(models.Model):
    """The provider of a need decision over a period: the customer's choice,
    or the default provider for one who did not choose. It is the order to
    the provider, who accepts it (or declines at its capacity ceiling)."""

    decision = models.ForeignKey(
        NeedDecision,
        on_delete=models.PROTECT,
        related_name="choices",
        verbose_name=_("need decision"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="choices",
        verbose_name=_("provider"),
    )
    non_choice = models.BooleanField(
        _("non-choice (the default provider)"), default=False
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ChoiceStatus.choices,
        default=ChoiceStatus.ORDERED,
    )
    switch_reason = models.CharField(
        _("reason for the switch"),
        max_length=12,
        choices=SwitchReason.choices,
        blank=True,
    )
    switch_note = models.TextField(_("about the switch"), blank=True)
    decline_reason = models.TextField(_("why the provider declined"), blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ordered_at = models.DateTimeField(_("ordered"), default=timezone.now)

    scope_paths = ScopePaths(
        municipality="decision__customer__municipality",
        provider=lambda ids: Q(pk__in=live_choices_of(ids).values("pk")),
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("choice of provider")
        verbose_name_plural = _("choices of provider")
        constraints = [
            # Never two providers at once for one decision, whatever code
            # writes the rows (docs/architecture.md).
            ExclusionConstraint(
                name="one_provider_at_a_time",
                expressions=[
                    (
                        DateRange("starts_on", "ends_on", models.Value("[]")),
                        RangeOperators.OVERLAPS,
                    ),
                    ("decision", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=LIVE_STATUSES),
                violation_error_message=_(
                    "The customer already has a provider for that period."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="choice_ends_after_start",
                violation_error_message=_("A choice cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ChoiceStatus.values),
                name="choice_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status=ChoiceStatus.DECLINED) | ~Q(decline_reason=""),
                name="choice_declined_with_reason",
                violation_error_message=_("Say why the order is declined."),
            ),
            models.CheckConstraint(
                condition=Q(switch_reason="")
                | Q(switch_reason__in=SwitchReason.values),
                name="choice_switch_reason_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} → {self.provider}"

    @property
    def customer(self):
        return self.decision.customer

    def is_live_on(self, day: date) -> bool:
        return self.status in LIVE_STATUSES and (
            self.ends_on is None or self.ends_on >= day
        )

    @property
    def withdrawable(self) -> bool:
        """The officer may still take it back (recorded by mistake)."""
        return self.status in LIVE_STATUSES and self.starts_on > timezone.localdate()


def live_choices_of(provider_ids, *, on: date | None = None) -> models.QuerySet:
    """The choices that give a provider access on `on` (today)
    (customers.models.access.live_choice)."""
    return Choice.objects.filter(live_choice(provider_ids, on=on))


class ChoiceChange(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ENDS = "ends", _("End date set")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChoiceEvent(ChangeRecord):
    """Every change of a choice: who, when and why."""

    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="events")
    what = models.CharField(_("what"), max_length=20, choices=ChoiceChange.choices)

    def __str__(self) -> str:
        return f"{self.choice}: {self.what}"


class DefaultProvider(models.Model):
    """The municipality's non-choice alternative (ickevalsalternativ) for a
    service: its own unit or a provider it procured (docs/domain.md §5)."""

    service = models.OneToOneField(
        Service,
        on_delete=models.CASCADE,
        related_name="default_provider",
        verbose_name=_("service"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )

    scope_paths = ScopePaths(municipality="service__municipality")

    class Meta:
        verbose_name = _("default provider")
        verbose_name_plural = _("default providers")

    def __str__(self) -> str:
        return f"{self.service}: {self.provider}"


class CarePlan(models.Model):
    """The implementation plan (genomförandeplan) the provider and the
    customer agreed; a new version is written at follow-up."""

    choice = models.ForeignKey(
        Choice, on_delete=models.PROTECT, related_name="care_plans"
    )
    how = models.TextField(_("how the help is given"))
    agreed_on = models.DateField(_("agreed with the customer on"))
    follow_up_on = models.DateField(_("next follow-up"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)

    scope_paths = ScopePaths(
        municipality="choice__decision__customer__municipality",
        provider=lambda ids: Q(choice__in=live_choices_of(ids)),
    )

    class Meta:
        ordering = ["-written_at", "-pk"]
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__gt=models.F("agreed_on")),
                name="care_plan_follow_up_after_agreement",
                violation_error_message=_(
                    "The follow-up comes after the day the plan was agreed."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.choice}: {self.agreed_on}"


class NoticeKind(models.TextChoices):
    NEW_ORDER = "new_order", _("New order")
    SWITCH_AWAY = "switch_away", _("The customer switches to another provider")
    SWITCH_CANCELLED = "switch_cancelled", _("The switch is off: the customer stays")
    WITHDRAWN = "withdrawn", _("The order is withdrawn")
    DECISION_ENDED = "decision_ended", _("The need decision has ended")
    DECISION_CHANGED = "decision_changed", _("The need decision has changed")


class Notice(models.Model):
    """An item of the provider's inbox about one of its choices."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="notices"
    )
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("what"), max_length=20, choices=NoticeKind.choices)
    text = models.CharField(_("details"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    # Gone from the inbox with the provider's access to the customer.
    scope_paths = ScopePaths(
        municipality="choice__decision__customer__municipality",
        provider=lambda ids: Q(provider__in=ids, choice__in=live_choices_of(ids)),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inbox notice")
        verbose_name_plural = _("inbox notices")

    def __str__(self) -> str:
        return f"{self.provider}: {self.get_kind_display()}"
