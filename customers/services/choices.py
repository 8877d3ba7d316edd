"""Business rules of choice: the case officer records the customer's choice
(or the non-choice), which is the order to the provider; the provider
accepts it or, at its capacity ceiling, declines; a later choice is a
switch, and the earlier one ends the day before (docs/domain.md §5)."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authorization.models import Authorization
from authorization.selectors import authorizations_in_force
from customers.models import (
    LIVE_STATUSES,
    Choice,
    ChoiceChange,
    ChoiceEvent,
    ChoiceStatus,
    DecisionStatus,
    DefaultProvider,
    NeedDecision,
    NoticeKind,
)
from customers.notifications import declined_mail
from customers.selectors import choice_running_on, choosable, live_on
from customers.services.notices import notice_send
from kundval.models import Role
from kundval.scoping import check_role
from kundval.transitions import Transitions
from providers.models import Provider

C = ChoiceStatus
LAST_DAY = gettext_lazy("Last day: %(day)s")
CHOICE_TRANSITIONS = Transitions(
    states=C,
    edges={
        (C.ORDERED, C.ACCEPTED): Role.PROVIDER_USER,
        (C.ORDERED, C.DECLINED): Role.PROVIDER_USER,
        (C.ORDERED, C.WITHDRAWN): Role.CASE_OFFICER,
        (C.ACCEPTED, C.WITHDRAWN): Role.CASE_OFFICER,
    },
    refusal=gettext_lazy("An order that is %(status)s cannot become %(to)s."),
)


@transaction.atomic
def choice_record(
    *,
    user,
    decision: NeedDecision,
    provider: Provider | None,
    starts_on: date,
    switch_reason: str = "",
    switch_note: str = "",
) -> Choice:
    """Record the customer's choice (`provider`) or non-choice (None) from
    `starts_on`, and order the provider. If the customer has a provider on
    that day, this is a switch: the earlier choice ends the day before."""
    check_role(
        user, Role.CASE_OFFICER, municipality_id=decision.customer.municipality_id
    )
    # One recording at a time per decision: the row lock orders concurrent ones.
    decision = NeedDecision.objects.select_for_update().get(pk=decision.pk)
    _check_period(decision, starts_on)
    provider, non_choice = _provider_for(decision, provider, starts_on)
    current = choice_running_on(decision, starts_on)
    if current is not None:
        _check_switch(current, provider, starts_on, switch_reason)
        _switch_away(current, user=user, last_day=starts_on - timedelta(days=1))
    choice = Choice(
        decision=decision,
        provider=provider,
        non_choice=non_choice,
        starts_on=starts_on,
        ends_on=decision.ends_on,
        switch_reason=switch_reason if current else "",
        switch_note=switch_note.strip() if current else "",
        ordered_by=user,
    )
    _save(choice)
    ChoiceEvent.objects.create(
        choice=choice, what=ChoiceChange.ORDERED, by=user, note=choice.switch_note
    )
    notice_send(
        choice,
        NoticeKind.NEW_ORDER,
        gettext_lazy("From %(day)s"),
        day=starts_on.isoformat(),
    )
    return choice


def _switch_away(current: Choice, *, user, last_day: date) -> None:
    """The customer leaves `current` after `last_day`; its provider is told."""
    end_choice(current, user=user, last_day=last_day)
    notice_send(current, NoticeKind.SWITCH_AWAY, LAST_DAY, day=last_day.isoformat())


def _check_period(decision: NeedDecision, starts_on: date) -> None:
    if decision.status != DecisionStatus.DECIDED:
        raise ValidationError(_("Only a decided need decision can get a provider."))
    if starts_on < decision.starts_on or (
        decision.ends_on is not None and starts_on > decision.ends_on
    ):
        raise ValidationError(
            {"starts_on": _("The choice must start within the decision's period.")}
        )


def _provider_for(
    decision: NeedDecision, provider: Provider | None, starts_on: date
) -> tuple[Provider, bool]:
    """The chosen provider, checked; or the default one for a non-choice."""
    if provider is None:
        default = DefaultProvider.objects.filter(service=decision.service_id).first()
        if default is None:
            raise ValidationError(
                {
                    "provider": _(
                        "The municipality has no default provider for this service."
                    )
                }
            )
        return default.provider, True
    if not choosable(decision, on=starts_on).filter(provider=provider).exists():
        raise ValidationError(
            {"provider": _not_choosable_why(decision, provider, starts_on)}
        )
    return provider, False


def _not_choosable_why(decision: NeedDecision, provider: Provider, on: date) -> str:
    in_area = authorizations_in_force(on=on).filter(
        provider=provider,
        service=decision.service_id,
        areas=decision.customer.area_id,
        revoked_from__isnull=True,
    )
    if not in_area.exists():
        return _(
            "%(provider)s is not authorized for %(service)s in the customer's area."
        ) % {"provider": provider, "service": decision.service.name}
    return _("%(provider)s has reached its capacity ceiling.") % {"provider": provider}


def _check_switch(current: Choice, provider: Provider, starts_on: date, reason: str):
    if starts_on <= current.starts_on:
        raise ValidationError(
            {
                "starts_on": _(
                    "A switch must start after the current choice starts (%(day)s)."
                )
                % {"day": current.starts_on.isoformat()}
            }
        )
    if starts_on < timezone.localdate():
        raise ValidationError({"starts_on": _("A switch cannot be back-dated.")})
    if provider.pk == current.provider_id:
        raise ValidationError(
            {"provider": _("The customer already has this provider.")}
        )
    if not reason:
        raise ValidationError({"switch_reason": _("Say why the customer switches.")})


def end_choice(choice: Choice, *, user, last_day: date | None, note: str = "") -> None:
    choice.ends_on = last_day
    choice.save(update_fields=["ends_on"])
    ChoiceEvent.objects.create(
        choice=choice, what=ChoiceChange.ENDS, by=user, note=note or str(last_day)
    )


def _save(choice: Choice) -> None:
    """Insert; the exclusion constraint is the last word on overlaps."""
    try:
        with transaction.atomic():
            choice.save()
    except IntegrityError:
        raise ValidationError(
            _("The customer already has a provider for that period.")
        ) from None


@transaction.atomic
def choice_transition(*, user, choice: Choice, to: str, note: str = "") -> Choice:
    """Accept, decline or withdraw, as CHOICE_TRANSITIONS allows."""
    choice = (
        Choice.objects.select_for_update().select_related("decision").get(pk=choice.pk)
    )
    who = CHOICE_TRANSITIONS.check(
        choice.status,
        to,
        user=user,
        municipality_id=choice.decision.customer.municipality_id,
        provider_id=choice.provider_id,
    )
    if who == Role.PROVIDER_USER:
        provider_answers(user, choice)
    if to == C.DECLINED:
        _check_decline(choice, note)
        choice.decline_reason = note
    choice.status = to
    choice.save(update_fields=["status", "decline_reason"])
    ChoiceEvent.objects.create(choice=choice, what=to, by=user, note=note)
    if to == C.DECLINED:
        _switch_back(choice, user=user, note=gettext_lazy("The switch was declined."))
        declined_mail(choice)
    return choice


@transaction.atomic
def choice_withdraw(*, user, choice: Choice, reason: str) -> Choice:
    """The officer takes back a choice recorded by mistake, before it starts:
    the order is withdrawn and its provider told; if it was a switch, the
    customer stays with the provider they had, as before the switch."""
    check_role(
        user,
        Role.CASE_OFFICER,
        municipality_id=choice.decision.customer.municipality_id,
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the choice is withdrawn.")})
    if choice.starts_on <= timezone.localdate():
        raise ValidationError(
            _(
                "The choice has started, so it cannot be withdrawn: record a "
                "switch instead."
            )
        )
    reason = reason.strip()
    choice = choice_transition(user=user, choice=choice, to=C.WITHDRAWN, note=reason)
    notice_send(choice, NoticeKind.WITHDRAWN, reason[:200])
    _switch_back(choice, user=user, note=gettext_lazy("The switch was withdrawn."))
    return choice


def _switch_back(cancelled: Choice, *, user, note: str) -> None:
    """A switch that is declined or withdrawn must not leave the customer
    without help: the provider they were leaving keeps them, as before. A
    choice that was no switch (no reason given) brings nothing back: the
    choice before it ended for its own reasons."""
    if not cancelled.switch_reason:
        return
    previous = cancelled.decision.choices.filter(
        status__in=LIVE_STATUSES, ends_on=cancelled.starts_on - timedelta(days=1)
    ).first()
    if previous is None:
        return
    end_choice(previous, user=user, last_day=cancelled.ends_on, note=note)
    notice_send(previous, NoticeKind.SWITCH_CANCELLED, note)


def provider_answers(user, choice: Choice) -> None:
    """A provider acts on its choice only while the choice gives it access:
    one that has ended is the provider's no more."""
    check_role(user, Role.PROVIDER_USER, provider_id=choice.provider_id)
    if not choice.is_live_on(timezone.localdate()):
        raise PermissionDenied


def _check_decline(choice: Choice, reason: str) -> None:
    """Below its capacity ceiling a provider must accept (docs/domain.md §5)."""
    if not reason.strip():
        raise ValidationError({"note": _("Say why the order is declined.")})
    if choice.non_choice:
        raise ValidationError(_("The default provider cannot decline a customer."))
    ceiling = (
        Authorization.objects.filter(
            provider=choice.provider_id,
            service=choice.decision.service_id,
            revoked_from__isnull=True,
        )
        .values_list("capacity_ceiling", flat=True)
        .first()
    )
    # Orders not yet accepted do not fill the provider: it counts those it took.
    accepted_others = (
        Choice.objects.filter(
            live_on(timezone.localdate()),
            status=C.ACCEPTED,
            provider=choice.provider_id,
            decision__service=choice.decision.service_id,
        )
        .exclude(pk=choice.pk)
        .count()
    )
    if ceiling is None or accepted_others < ceiling:
        raise ValidationError(
            _("Below the capacity ceiling every order must be accepted.")
        )
