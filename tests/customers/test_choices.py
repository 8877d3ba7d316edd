"""Choice, switch, order and care plan: the rules, the transition table edge
by edge, and the exclusion constraint with the service bypassed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from customers.models import (
    CarePlan,
    Choice,
    ChoiceStatus,
    DecisionStatus,
    DefaultProvider,
    Notice,
    NoticeKind,
    SwitchReason,
)
from customers.selectors import choosable, officer_work_list
from customers.services import (
    CHOICE_TRANSITIONS,
    care_plan_write,
    choice_record,
    choice_transition,
    choice_withdraw,
    decision_amend,
    decision_transition,
)
from kundval.models import Role
from tests.customers.conftest import TODAY, choose, decided, new_customer
from tests.transitions import check_pair, every_pair

C = ChoiceStatus


def _errors(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_choice_orders_the_provider_and_tells_it(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        choice = choose(world, world["first"])
    assert (choice.status, choice.non_choice, choice.ends_on) == (
        C.ORDERED,
        False,
        None,
    )
    notice = Notice.objects.get(choice=choice)
    assert (notice.provider, notice.kind) == (world["first"], NoticeKind.NEW_ORDER)
    assert [m.to for m in mailoutbox] == [["kontakt@example.se"]]
    # The mail names no customer: the provider signs in to see who it is.
    assert "Tolvan" not in mailoutbox[0].body
    assert f"/anordnare/kunder/{choice.pk}/" in mailoutbox[0].body


def test_only_providers_authorized_in_the_customers_area(world):
    with pytest.raises(ValidationError) as excinfo:
        choose(world, world["elsewhere"])
    assert "inte auktoriserad" in _errors(excinfo)
    names = {a.provider.name for a in choosable(world["decision"], on=TODAY())}
    assert names == {"Nacka egen regi", "Första AB", "Andra AB"}


def test_a_provider_at_its_ceiling_cannot_be_chosen(world):
    other = decided(world, new_customer(world, "19350412-3286"))
    choose(world, world["second"], decision=other)
    with pytest.raises(ValidationError) as excinfo:
        choose(world, world["second"])
    assert "kapacitetstak" in _errors(excinfo)
    assert world["second"] not in [
        a.provider for a in choosable(world["decision"], on=TODAY())
    ]


def test_a_provider_to_be_revoked_cannot_be_chosen(world):
    authorization = world["first"].authorizations.get()
    authorization.revoked_from = TODAY() + timedelta(days=30)
    authorization.save()
    with pytest.raises(ValidationError):
        choose(world, world["first"])


def test_non_choice_gets_the_default_provider(world):
    choice = choose(world, None)
    assert (choice.provider, choice.non_choice) == (world["own"], True)


def test_non_choice_without_a_default_provider_is_refused(world):
    DefaultProvider.objects.all().delete()
    with pytest.raises(ValidationError) as excinfo:
        choose(world, None)
    assert "inget ickevalsalternativ" in _errors(excinfo)


def test_only_a_decided_decision_gets_a_provider(world):
    decision = world["decision"]
    decision_transition(
        user=world["officer"], decision=decision, to=DecisionStatus.ENDED
    )
    decision.refresh_from_db()
    with pytest.raises(ValidationError):
        choose(world, world["first"], decision=decision)


def test_the_choice_starts_within_the_decision(world):
    with pytest.raises(ValidationError) as excinfo:
        choose(
            world,
            world["first"],
            starts_on=world["decision"].starts_on - timedelta(days=1),
        )
    assert "inom beslutets period" in _errors(excinfo)


def test_only_the_customers_municipality_records_a_choice(world):
    with pytest.raises(PermissionDenied):
        choice_record(
            user=world["trosa_officer"],
            decision=world["decision"],
            provider=world["first"],
            starts_on=TODAY(),
        )


def test_a_switch_ends_the_old_choice_the_day_before(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    old = choose(world, world["first"])
    with django_capture_on_commit_callbacks(execute=True):
        new = choose(
            world,
            world["own"],
            starts_on=TODAY() + timedelta(days=7),
            reason=SwitchReason.QUALITY,
        )
    old.refresh_from_db()
    assert old.ends_on == new.starts_on - timedelta(days=1)
    assert new.switch_reason == SwitchReason.QUALITY
    kinds = set(Notice.objects.values_list("provider__name", "kind"))
    assert ("Första AB", NoticeKind.SWITCH_AWAY) in kinds
    assert ("Nacka egen regi", NoticeKind.NEW_ORDER) in kinds
    assert len(mailoutbox) == 2  # both providers


@pytest.mark.parametrize(
    "days,reason,provider,message",
    [
        (7, "", "own", "varför kunden byter"),
        (-1, SwitchReason.QUALITY, "own", "bakdateras"),
        (7, SwitchReason.QUALITY, "first", "redan den här anordnaren"),
    ],
)
def test_a_switch_needs_a_reason_a_date_and_another_provider(
    world, days, reason, provider, message
):
    choose(world, world["first"])
    with pytest.raises(ValidationError) as excinfo:
        choose(
            world,
            world[provider],
            starts_on=TODAY() + timedelta(days=days),
            reason=reason,
        )
    assert message in _errors(excinfo).lower()


def test_a_switch_cannot_start_before_the_current_choice(world):
    choose(world, world["first"], starts_on=TODAY() + timedelta(days=5))
    with pytest.raises(ValidationError) as excinfo:
        choose(
            world, world["own"], starts_on=TODAY() + timedelta(days=5), reason="other"
        )
    assert "måste börja efter" in _errors(excinfo)


def test_exclusion_constraint_holds_when_the_service_is_bypassed(world):
    first = choose(world, world["first"])
    overlapping = Choice(
        decision=world["decision"],
        provider=world["own"],
        starts_on=TODAY() + timedelta(days=3),
        ordered_by=world["officer"],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        overlapping.save()
    # The day after the first ends is free; a declined order takes no room.
    Choice.objects.filter(pk=first.pk).update(ends_on=TODAY())
    overlapping.starts_on = TODAY() + timedelta(days=1)
    overlapping.save()
    Choice.objects.create(
        decision=world["decision"],
        provider=world["second"],
        starts_on=TODAY(),
        status=C.DECLINED,
        decline_reason="Fullt",
        ordered_by=world["officer"],
    )


def test_exclusion_constraint_also_bounds_an_open_end(world):
    choose(world, world["first"], starts_on=TODAY() + timedelta(days=30))
    earlier = Choice(
        decision=world["decision"],
        provider=world["own"],
        starts_on=TODAY(),
        ordered_by=world["officer"],
    )  # open-ended too: it overlaps everything after it
    with pytest.raises(IntegrityError), transaction.atomic():
        earlier.save()


def _actor(world, role):
    return world["first_user"] if role == Role.PROVIDER_USER else world["officer"]


@pytest.mark.parametrize(("source", "target"), every_pair(CHOICE_TRANSITIONS))
def test_every_pair_of_the_choice_table(world, source, target):
    choice = choose(world, world["first"])
    Choice.objects.filter(pk=choice.pk).update(status=source, decline_reason="x")
    # At its ceiling, so a decline is allowed where the table allows it.
    world["first"].authorizations.update(capacity_ceiling=0)
    check_pair(
        CHOICE_TRANSITIONS,
        source,
        target,
        move=lambda who: choice_transition(
            user=_actor(world, who or Role.CASE_OFFICER),
            choice=choice,
            to=target,
            note="Fullt",
        ),
        state_of=lambda: Choice.objects.get(pk=choice.pk).status,
    )


@pytest.mark.parametrize("pair,role", list(CHOICE_TRANSITIONS.edges.items()))
def test_each_edge_refuses_the_wrong_role(world, pair, role):
    choice = choose(world, world["first"])
    Choice.objects.filter(pk=choice.pk).update(status=pair[0])
    wrong = world["officer"] if role == Role.PROVIDER_USER else world["first_user"]
    with pytest.raises(PermissionDenied):
        choice_transition(user=wrong, choice=choice, to=pair[1], note="Fullt")


def test_another_provider_cannot_answer_the_order(world):
    choice = choose(world, world["first"])
    with pytest.raises(PermissionDenied):
        choice_transition(user=world["second_user"], choice=choice, to=C.ACCEPTED)


def test_below_the_ceiling_the_provider_must_accept(world):
    choice = choose(world, world["second"])
    with pytest.raises(ValidationError) as excinfo:
        choice_transition(
            user=world["second_user"], choice=choice, to=C.DECLINED, note="Vill inte"
        )
    assert "måste varje beställning accepteras" in _errors(excinfo)


def test_the_default_provider_cannot_decline(world):
    choice = choose(world, None)
    world["own"].authorizations.update(capacity_ceiling=0)
    with pytest.raises(ValidationError):
        choice_transition(
            user=world["own_user"], choice=choice, to=C.DECLINED, note="Fullt"
        )


def test_at_the_ceiling_a_decline_goes_back_to_the_officer(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    other = decided(world, new_customer(world, "19350412-3286"))
    taken = choose(world, world["second"], decision=other)
    choice_transition(user=world["second_user"], choice=taken, to=C.ACCEPTED)
    # A race: the officer's order went in while the last place was taken.
    late = Choice.objects.create(
        decision=world["decision"],
        provider=world["second"],
        starts_on=TODAY(),
        ordered_by=world["officer"],
    )
    with pytest.raises(ValidationError):
        choice_transition(
            user=world["second_user"], choice=late, to=C.DECLINED, note="  "
        )
    with django_capture_on_commit_callbacks(execute=True):
        choice_transition(
            user=world["second_user"], choice=late, to=C.DECLINED, note="Fullt i Boo"
        )
    assert [m.to for m in mailoutbox] == [["handlaggare@nacka.example.se"]]
    assert "Fullt i Boo" in mailoutbox[0].body
    waiting = officer_work_list(world["officer"])["without_provider"]
    assert list(waiting) == [world["decision"]]
    # And the officer can order another provider for the same days.
    choose(world, world["first"], starts_on=TODAY())


def test_ending_the_decision_ends_its_choices(world):
    running = choose(world, world["first"])
    decision_transition(
        user=world["officer"], decision=world["decision"], to=DecisionStatus.ENDED
    )
    running.refresh_from_db()
    assert running.ends_on == TODAY()
    assert Notice.objects.filter(
        choice=running, kind=NoticeKind.DECISION_ENDED
    ).exists()


def test_ending_a_decision_withdraws_a_choice_not_started(world):
    later = decided(
        world,
        new_customer(world, "19350412-3286"),
        starts_on=TODAY() + timedelta(days=10),
    )
    choice = choose(world, world["first"], decision=later)
    decision_transition(user=world["officer"], decision=later, to=DecisionStatus.ENDED)
    choice.refresh_from_db()
    assert choice.status == C.WITHDRAWN


def test_a_time_limited_decision_limits_its_choice(world):
    limited = decided(
        world,
        new_customer(world, "19350412-3286"),
        ends_on=TODAY() + timedelta(days=60),
    )
    assert choose(world, world["first"], decision=limited).ends_on == limited.ends_on


def test_care_plan_after_acceptance(world):
    choice = choose(world, world["first"])
    plan = {
        "how": "Dusch tisdagar.",
        "agreed_on": TODAY(),
        "follow_up_on": TODAY() + timedelta(days=90),
    }
    with pytest.raises(ValidationError):
        care_plan_write(user=world["first_user"], choice=choice, **plan)
    choice_transition(user=world["first_user"], choice=choice, to=C.ACCEPTED)
    with pytest.raises(PermissionDenied):
        care_plan_write(user=world["second_user"], choice=choice, **plan)
    care_plan_write(user=world["first_user"], choice=choice, **plan)
    assert CarePlan.objects.get(choice=choice).how == "Dusch tisdagar."


@pytest.mark.parametrize(
    "agreed,follow_up,field",
    [(1, 90, "agreed_on"), (0, 0, "follow_up_on"), (-5, -10, "follow_up_on")],
)
def test_care_plan_dates(world, agreed, follow_up, field):
    choice = choose(world, world["first"])
    choice_transition(user=world["first_user"], choice=choice, to=C.ACCEPTED)
    with pytest.raises(ValidationError) as excinfo:
        care_plan_write(
            user=world["first_user"],
            choice=choice,
            how="x",
            agreed_on=TODAY() + timedelta(days=agreed),
            follow_up_on=TODAY() + timedelta(days=follow_up),
        )
    assert field in excinfo.value.message_dict


def test_revoked_providers_customers_are_on_the_work_list(world):
    choice = choose(world, world["first"])
    authorization = world["first"].authorizations.get()
    authorization.revoked_from = TODAY() + timedelta(days=14)
    authorization.save()
    revoked = list(officer_work_list(world["officer"])["revoked"])
    assert revoked == [choice]
    assert revoked[0].revoked_from == authorization.revoked_from
    # Once switched before the revocation, the customer is off the list.
    choose(
        world,
        world["own"],
        starts_on=TODAY() + timedelta(days=14),
        reason=SwitchReason.REVOKED,
    )
    assert not officer_work_list(world["officer"])["revoked"]
    assert not officer_work_list(world["trosa_officer"])["unanswered"]


def _amend(world, decision, **change):
    fields = {
        "hours_per_month": decision.hours_per_month,
        "ends_on": decision.ends_on,
        "note": "Ny utredning.",
        **change,
    }
    return decision_amend(user=world["officer"], decision=decision, **fields)


def test_a_shorter_decision_cuts_the_choice_and_tells_the_provider(world):
    choice = choose(world, world["first"])
    end = TODAY() + timedelta(days=30)
    _amend(world, world["decision"], ends_on=end, hours_per_month=Decimal("25"))
    choice.refresh_from_db()
    assert choice.ends_on == end
    notice = Notice.objects.get(choice=choice, kind=NoticeKind.DECISION_CHANGED)
    assert "25" in notice.text
    event = world["decision"].events.last()
    assert "Ny utredning." in event.note and "25" in event.note


def test_a_longer_decision_extends_the_choice_that_ended_with_it(world):
    end = TODAY() + timedelta(days=30)
    limited = decided(world, new_customer(world, "19350412-3286"), ends_on=end)
    choice = choose(world, world["first"], decision=limited)
    _amend(world, limited, ends_on=None)
    choice.refresh_from_db()
    assert choice.ends_on is None


def test_hours_alone_leave_the_period_and_tell_the_provider(world):
    choice = choose(world, world["first"])
    _amend(world, world["decision"], hours_per_month=Decimal("30"))
    choice.refresh_from_db()
    assert choice.ends_on is None
    assert Notice.objects.filter(kind=NoticeKind.DECISION_CHANGED).count() == 1


@pytest.mark.parametrize(
    "change,message",
    [
        ({}, "Inget ändrades"),
        ({"hours_per_month": Decimal("1"), "note": " "}, "varför"),
        ({"ends_on": TODAY() - timedelta(days=1)}, "före i dag"),
    ],
)
def test_amendments_refused(world, change, message):
    with pytest.raises(ValidationError) as excinfo:
        _amend(world, world["decision"], **change)
    assert message in _errors(excinfo)


def test_an_ended_decision_cannot_be_amended(world):
    decision_transition(
        user=world["officer"], decision=world["decision"], to=DecisionStatus.ENDED
    )
    with pytest.raises(ValidationError):
        _amend(world, world["decision"], hours_per_month=Decimal("2"))


def test_a_declined_switch_leaves_the_customer_with_the_old_provider(world):
    old = choose(world, world["first"])
    switch = choose(
        world, world["second"], starts_on=TODAY() + timedelta(days=7), reason="quality"
    )
    world["second"].authorizations.update(capacity_ceiling=0)
    choice_transition(
        user=world["second_user"], choice=switch, to=C.DECLINED, note="Fullt"
    )
    old.refresh_from_db()
    assert old.ends_on is None
    assert Notice.objects.filter(choice=old, kind=NoticeKind.SWITCH_CANCELLED).exists()
    # The customer has no gap: the old provider is still theirs after the day.
    assert old.is_live_on(TODAY() + timedelta(days=30))


def test_a_switch_recorded_by_mistake_is_withdrawn_before_it_starts(world):
    old = choose(world, world["first"])
    switch = choose(
        world, world["own"], starts_on=TODAY() + timedelta(days=7), reason="quality"
    )
    choice_withdraw(user=world["officer"], choice=switch, reason=" Fel anordnare ")
    switch.refresh_from_db()
    old.refresh_from_db()
    assert switch.status == C.WITHDRAWN
    assert switch.events.last().note == "Fel anordnare"
    # The customer stays with the provider they had, as before the switch.
    assert old.ends_on is None and old.is_live_on(TODAY() + timedelta(days=30))
    kinds = set(Notice.objects.values_list("provider__name", "kind"))
    assert ("Nacka egen regi", NoticeKind.WITHDRAWN) in kinds
    assert ("Första AB", NoticeKind.SWITCH_CANCELLED) in kinds
    # Now the right switch can be recorded for the same day.
    right = choose(
        world, world["second"], starts_on=TODAY() + timedelta(days=7), reason="quality"
    )
    assert right.status == C.ORDERED


def test_a_started_choice_is_not_withdrawn_and_a_reason_is_needed(world):
    started = choose(world, world["first"], starts_on=TODAY())
    with pytest.raises(ValidationError) as excinfo:
        choice_withdraw(user=world["officer"], choice=started, reason="Fel")
    assert "registrera ett byte" in _errors(excinfo)
    later = choose(
        world, world["own"], starts_on=TODAY() + timedelta(days=3), reason="quality"
    )
    with pytest.raises(ValidationError) as excinfo:
        choice_withdraw(user=world["officer"], choice=later, reason="  ")
    assert "reason" in excinfo.value.message_dict
    with pytest.raises(PermissionDenied):
        choice_withdraw(user=world["trosa_officer"], choice=later, reason="Fel")
    later.refresh_from_db()
    assert later.status == C.ORDERED


def test_notices_are_in_swedish_whatever_language_the_officer_uses(world):
    with translation.override("en"):
        choose(world, world["first"], starts_on=TODAY())
        choose(
            world, world["own"], starts_on=TODAY() + timedelta(days=7), reason="quality"
        )
    texts = dict(Notice.objects.values_list("kind", "text"))
    last_day = (TODAY() + timedelta(days=6)).isoformat()
    assert texts[NoticeKind.SWITCH_AWAY] == f"Sista dag: {last_day}"
    assert texts[NoticeKind.NEW_ORDER].startswith("Från ")


def test_withdrawing_a_choice_that_was_no_switch_brings_nothing_back(world):
    """The first choice ended for its own reasons (here: set by hand); the
    next one, from the day after, is a new choice, not a switch."""
    old = choose(world, world["first"])
    old_end = TODAY() + timedelta(days=3)
    Choice.objects.filter(pk=old.pk).update(ends_on=old_end)
    new = choose(world, world["own"], starts_on=old_end + timedelta(days=1))
    assert not new.switch_reason
    choice_withdraw(user=world["officer"], choice=new, reason="Fel anordnare")
    old.refresh_from_db()
    assert old.ends_on == old_end
    assert not Notice.objects.filter(kind=NoticeKind.SWITCH_CANCELLED).exists()
