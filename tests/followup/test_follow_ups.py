"""Follow-up plans (issue 15 item 3): the plan, the state table over every
pair, findings per condition, measures and answers, the sanction of a breach
through sanction_decide, the mail to the provider, scope and the summary."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorization.models import Authorization, Condition, OnBreach, Sanction
from authorization.models import SanctionKind as K
from followup.models import (
    Finding,
    FollowUp,
    FollowUpEvent,
    FollowUpKind,
    FollowUpStatus,
    Measure,
    Outcome,
)
from followup.selectors.follow_ups import (
    follow_up_for_provider,
    follow_up_plan_of,
    follow_up_summary,
    follow_ups_for_provider,
    is_overdue,
    measure_for_provider,
)
from followup.services.follow_ups import (
    FOLLOW_UP_TRANSITIONS,
    finding_record,
    finding_sanction,
    follow_up_plan,
    follow_up_replan,
    follow_up_transition,
    measure_add,
    measure_answer,
)
from kundval.models import Mail, Role
from kundval.scoping import visible
from tests.followup.conftest import file
from tests.transitions import check_pair, every_pair

pytestmark = pytest.mark.django_db
S = FollowUpStatus
TODAY = timezone.localdate


def _condition(municipality, code, sanction):
    return Condition.objects.create(
        municipality=municipality,
        code=code,
        title=f"Villkor {code}",
        text="x",
        checked_at_follow_up=True,
        sanction=sanction,
    )


def plan_world(world) -> dict:
    """The followup world with the provider's authorization and two
    conditions: a breach of "nycklar" is met with a warning only, one of
    "personal" may be met with a revocation too."""
    home = world["municipality"]
    return world | {
        "authorization": Authorization.objects.get(provider=world["provider"]),
        "keys": _condition(home, "nycklar", OnBreach.WARNING),
        "staff": _condition(home, "personal", OnBreach.WARNING_OR_REVOCATION),
        "elsewhere": _condition(
            world["other_provider"].authorizations.get().service.municipality,
            "annan",
            OnBreach.WARNING,
        ),
    }


@pytest.fixture
def plan(world):
    return plan_world(world)


def _plan(plan, **changes):
    fields = {
        "user": plan["quality"],
        "authorization": plan["authorization"],
        "year": TODAY().year,
        "month": TODAY().month,
        "kind": FollowUpKind.YEARLY,
    }
    return follow_up_plan(**(fields | changes))


def _started(plan, **changes):
    follow_up = _plan(plan, **changes)
    return follow_up_transition(
        user=plan["quality"], follow_up=follow_up, to=S.IN_PROGRESS
    )


def _breach(plan, follow_up=None, condition="keys"):
    follow_up = follow_up or _started(plan)
    finding = finding_record(
        user=plan["quality"],
        follow_up=follow_up,
        condition_id=plan[condition].pk,
        outcome=Outcome.NOT_MET,
        note="Ingen nyckelrutin vid besöket 10 november.",
    )
    return follow_up, finding


def _sent(plan, measures=1):
    follow_up, finding = _breach(plan)
    for number in range(measures):
        measure_add(
            user=plan["quality"],
            follow_up=follow_up,
            text=f"Inför en nyckelrutin {number}",
            due_on=TODAY() + timedelta(days=30),
        )
    follow_up = follow_up_transition(
        user=plan["quality"], follow_up=follow_up, to=S.FINDINGS_SENT
    )
    return follow_up, finding


# The plan


def test_the_quality_unit_plans_and_replans(plan):
    follow_up = _plan(plan, month=3, kind=FollowUpKind.VISIT)
    assert follow_up.municipality == plan["municipality"]
    assert follow_up.status == S.PLANNED
    follow_up_replan(
        user=plan["quality"],
        follow_up=follow_up,
        month=5,
        kind=FollowUpKind.DEEP_REVIEW,
    )
    follow_up.refresh_from_db()
    assert (follow_up.month, follow_up.kind) == (5, FollowUpKind.DEEP_REVIEW)


def test_only_a_planned_follow_up_is_replanned(plan):
    follow_up = _started(plan)
    with pytest.raises(ValidationError):
        follow_up_replan(
            user=plan["quality"], follow_up=follow_up, month=5, kind=FollowUpKind.VISIT
        )


@pytest.mark.parametrize("who", ["other_quality", "provider_user", "case_officer"])
def test_only_the_municipalitys_quality_unit_plans(plan, who):
    with pytest.raises(PermissionDenied):
        _plan(plan, user=plan[who])
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("month", [0, 13])
def test_a_month_outside_the_year_is_refused(plan, month):
    with pytest.raises(ValidationError):
        _plan(plan, month=month)


def test_a_review_on_complaint_links_the_providers_complaint(plan):
    complaint = file(plan)
    follow_up = _plan(plan, kind=FollowUpKind.COMPLAINT_REVIEW, complaint=complaint)
    assert follow_up.complaint == complaint
    with pytest.raises(ValidationError):  # only that kind links one
        _plan(plan, kind=FollowUpKind.VISIT, complaint=complaint)
    other = file(plan, provider_id=None, about_municipality=True)
    with pytest.raises(ValidationError):  # not about this provider
        _plan(plan, kind=FollowUpKind.COMPLAINT_REVIEW, complaint=other)


def test_the_database_refuses_a_complaint_on_another_kind(plan):
    follow_up = _plan(plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=follow_up.pk).update(complaint=file(plan))


# The state table


def _user_for(plan, who):
    return {None: plan["quality"], Role.QUALITY_OFFICER: plan["quality"]}.get(
        who, plan["provider_user"]
    )


def _ready_for(follow_up, source, target):
    """What each allowed change needs: a finding and a measure; answered
    measures to become answered; none to close straight from sent."""
    if (source, target) == (S.FINDINGS_SENT, S.CLOSED):
        follow_up.measures.all().delete()
    if (source, target) == (S.FINDINGS_SENT, S.ANSWERED):
        follow_up.measures.update(answer="Klart", answered_at=timezone.now())


@pytest.mark.parametrize(("source", "target"), every_pair(FOLLOW_UP_TRANSITIONS))
def test_every_pair_of_a_follow_up(plan, source, target):
    follow_up, _finding = _sent(plan)
    FollowUp.objects.filter(pk=follow_up.pk).update(status=source)
    _ready_for(follow_up, source, target)
    who = check_pair(
        FOLLOW_UP_TRANSITIONS,
        source,
        target,
        move=lambda who: follow_up_transition(
            user=_user_for(plan, who), follow_up=follow_up, to=target, note="Varför"
        ),
        state_of=lambda: FollowUp.objects.get(pk=follow_up.pk).status,
    )
    if who:
        event = FollowUpEvent.objects.filter(follow_up=follow_up).last()
        assert (event.from_status, event.to_status) == (source, target)


def test_an_outsider_may_not_move_a_follow_up(plan):
    follow_up = _plan(plan)
    for outsider in ("other_quality", "other_provider_user", "provider_user"):
        with pytest.raises(PermissionDenied):
            follow_up_transition(
                user=plan[outsider], follow_up=follow_up, to=S.IN_PROGRESS
            )
    assert FollowUp.objects.get(pk=follow_up.pk).status == S.PLANNED


def test_findings_are_sent_only_with_a_finding(plan):
    follow_up = _started(plan)
    with pytest.raises(ValidationError):
        follow_up_transition(
            user=plan["quality"], follow_up=follow_up, to=S.FINDINGS_SENT
        )


def test_a_breach_needs_a_measure_before_the_findings_are_sent(plan):
    follow_up, _finding = _breach(plan)
    with pytest.raises(ValidationError):
        follow_up_transition(
            user=plan["quality"], follow_up=follow_up, to=S.FINDINGS_SENT
        )
    assert FollowUp.objects.get(pk=follow_up.pk).status == S.IN_PROGRESS


def test_a_follow_up_with_measures_is_not_closed_unanswered(plan):
    follow_up, _finding = _sent(plan)
    with pytest.raises(ValidationError):
        follow_up_transition(user=plan["quality"], follow_up=follow_up, to=S.CLOSED)


def test_everything_met_is_closed_after_the_findings_are_sent(plan):
    follow_up = _started(plan)
    for condition in ("keys", "staff"):
        finding_record(
            user=plan["quality"],
            follow_up=follow_up,
            condition_id=plan[condition].pk,
            outcome=Outcome.MET,
        )
    follow_up_transition(user=plan["quality"], follow_up=follow_up, to=S.FINDINGS_SENT)
    closed = follow_up_transition(
        user=plan["quality"], follow_up=follow_up, to=S.CLOSED
    )
    assert closed.status == S.CLOSED
    assert closed.conducted_on == TODAY()


def test_the_provider_is_mailed_once_when_the_findings_are_sent(
    plan, mailoutbox, django_capture_on_commit_callbacks
):
    for who in ("provider_user", "other_provider_user"):
        plan[who].email = f"{who}@example.se"
        plan[who].save()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up, _finding = _sent(plan)
    [mail] = mailoutbox
    assert mail.to == [plan["provider_user"].email]
    assert f"/anordnare/uppfoljning/{follow_up.pk}/" in mail.body
    assert Mail.objects.filter(key=f"follow-up-findings:{follow_up.pk}").count() == 1
    assert plan["other_provider_user"].email not in mail.to


# Findings


def test_a_finding_per_condition_recorded_again_is_changed(plan):
    follow_up, finding = _breach(plan)
    again = finding_record(
        user=plan["quality"],
        follow_up=follow_up,
        condition_id=plan["keys"].pk,
        outcome=Outcome.REMARK,
        note="Rutinen finns men är inte känd.",
    )
    assert again.pk == finding.pk
    assert follow_up.findings.get().outcome == Outcome.REMARK


def test_the_database_keeps_one_finding_per_condition(plan):
    follow_up, finding = _breach(plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(
            follow_up=follow_up, condition=finding.condition, outcome=Outcome.MET
        )


@pytest.mark.parametrize("outcome", [Outcome.NOT_MET, Outcome.REMARK])
def test_not_met_and_a_remark_need_a_note(plan, outcome):
    follow_up = _started(plan)
    with pytest.raises(ValidationError):
        finding_record(
            user=plan["quality"],
            follow_up=follow_up,
            condition_id=plan["keys"].pk,
            outcome=outcome,
            note="  ",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(
            follow_up=follow_up, condition=plan["keys"], outcome=outcome
        )


def test_a_finding_is_of_a_condition_of_the_providers_call(plan):
    follow_up = _started(plan)
    with pytest.raises(ValidationError):
        finding_record(
            user=plan["quality"],
            follow_up=follow_up,
            condition_id=plan["elsewhere"].pk,
            outcome=Outcome.MET,
        )


def test_findings_are_recorded_only_in_progress(plan):
    follow_up = _plan(plan)
    with pytest.raises(ValidationError):
        _breach(plan, follow_up)
    sent, _finding = _sent(plan)
    with pytest.raises(ValidationError):
        _breach(plan, sent, condition="staff")


def test_a_provider_records_no_finding(plan):
    follow_up = _started(plan)
    with pytest.raises(PermissionDenied):
        finding_record(
            user=plan["provider_user"],
            follow_up=follow_up,
            condition_id=plan["keys"].pk,
            outcome=Outcome.MET,
        )


# Measures


def test_a_measure_is_not_due_in_the_past_nor_empty(plan):
    follow_up = _started(plan)
    for text, due in [("Gör", TODAY() - timedelta(days=1)), (" ", TODAY())]:
        with pytest.raises(ValidationError):
            measure_add(
                user=plan["quality"], follow_up=follow_up, text=text, due_on=due
            )
    assert not Measure.objects.exists()


def test_the_last_answer_makes_the_follow_up_answered(plan):
    follow_up, _finding = _sent(plan, measures=2)
    first, second = follow_up.measures.all()
    measure_answer(user=plan["provider_user"], measure=first, answer="Rutin införd.")
    assert FollowUp.objects.get(pk=follow_up.pk).status == S.FINDINGS_SENT
    with pytest.raises(ValidationError):  # answered once
        measure_answer(user=plan["provider_user"], measure=first, answer="Igen")
    measure_answer(user=plan["provider_user"], measure=second, answer="Utbildat.")
    follow_up.refresh_from_db()
    assert follow_up.status == S.ANSWERED
    assert follow_up.events.last().by == plan["provider_user"]


def test_only_the_provider_concerned_answers_and_with_text(plan):
    follow_up, _finding = _sent(plan)
    measure = follow_up.measures.get()
    for who in ("other_provider_user", "quality"):
        with pytest.raises(PermissionDenied):
            measure_answer(user=plan[who], measure=measure, answer="x")
    with pytest.raises(ValidationError):
        measure_answer(user=plan["provider_user"], measure=measure, answer=" ")
    assert Measure.objects.get(pk=measure.pk).answered_at is None


def test_sent_back_the_measures_are_open_again_with_the_answers_kept(plan):
    follow_up, _finding = _sent(plan)
    measure = follow_up.measures.get()
    measure_answer(user=plan["provider_user"], measure=measure, answer="Rutin införd.")
    with pytest.raises(ValidationError):  # say why
        follow_up_transition(
            user=plan["quality"], follow_up=follow_up, to=S.FINDINGS_SENT
        )
    follow_up_transition(
        user=plan["quality"],
        follow_up=follow_up,
        to=S.FINDINGS_SENT,
        note="Visa rutinen.",
    )
    measure.refresh_from_db()
    assert measure.answered_at is None
    assert measure.answer == "Rutin införd."
    measure_answer(
        user=plan["provider_user"], measure=measure, answer="Rutinen bifogad."
    )
    follow_up_transition(user=plan["quality"], follow_up=follow_up, to=S.CLOSED)
    assert FollowUp.objects.get(pk=follow_up.pk).status == S.CLOSED


def test_a_measure_is_answered_only_while_the_findings_are_out(plan):
    follow_up, _finding = _breach(plan)
    measure = measure_add(
        user=plan["quality"], follow_up=follow_up, text="Gör", due_on=TODAY()
    )
    with pytest.raises(ValidationError):
        measure_answer(user=plan["provider_user"], measure=measure, answer="x")


# Sanctions through sanction_decide


def test_a_breach_ends_in_a_warning_linked_to_the_finding(
    plan, mailoutbox, django_capture_on_commit_callbacks
):
    _follow_up, finding = _breach(plan)
    with django_capture_on_commit_callbacks(execute=True):
        sanction = finding_sanction(
            user=plan["quality"],
            finding=finding,
            kind=K.WARNING,
            reasons="Villkoret om nycklar är inte uppfyllt.",
            effective_from=TODAY(),
        )
    finding.refresh_from_db()
    assert finding.sanction == sanction
    assert sanction.kind == K.WARNING
    assert sanction.condition == plan["keys"]
    assert sanction.evidence == finding.note
    assert sanction.authorization == plan["authorization"]
    assert mailoutbox  # sanction_decide tells the provider
    with pytest.raises(ValidationError):  # once
        finding_sanction(
            user=plan["quality"], finding=finding, kind=K.WARNING, reasons="x",
            effective_from=TODAY(),
        )  # fmt: skip


def test_a_revocation_is_refused_where_the_condition_allows_a_warning_only(plan):
    _follow_up, finding = _breach(plan, condition="keys")
    with pytest.raises(ValidationError):
        finding_sanction(
            user=plan["quality"],
            finding=finding,
            kind=K.REVOCATION,
            reasons="Allvarligt.",
            effective_from=TODAY(),
        )
    assert not Sanction.objects.exists()
    assert Finding.objects.get(pk=finding.pk).sanction is None
    assert Authorization.objects.get(pk=plan["authorization"].pk).revoked_from is None


def test_a_revocation_where_the_condition_allows_it(plan):
    _follow_up, finding = _breach(plan, condition="staff")
    sanction = finding_sanction(
        user=plan["quality"],
        finding=finding,
        kind=K.REVOCATION,
        reasons="Upprepade brister.",
        effective_from=TODAY() + timedelta(days=30),
    )
    assert Finding.objects.get(pk=finding.pk).sanction == sanction
    revoked = Authorization.objects.get(pk=plan["authorization"].pk).revoked_from
    assert revoked == TODAY() + timedelta(days=30)


def test_a_refusal_of_sanction_decide_leaves_nothing_half_saved(plan):
    _follow_up, finding = _breach(plan, condition="staff")
    with pytest.raises(ValidationError):  # a revocation in the past
        finding_sanction(
            user=plan["quality"],
            finding=finding,
            kind=K.REVOCATION,
            reasons="x",
            effective_from=TODAY() - timedelta(days=1),
        )
    with pytest.raises(ValidationError):  # no reasons
        finding_sanction(
            user=plan["quality"], finding=finding, kind=K.WARNING, reasons=" ",
            effective_from=TODAY(),
        )  # fmt: skip
    assert not Sanction.objects.exists()
    assert Finding.objects.get(pk=finding.pk).sanction is None


def test_only_a_breach_is_sanctioned_by_its_municipality(plan):
    follow_up = _started(plan)
    met = finding_record(
        user=plan["quality"],
        follow_up=follow_up,
        condition_id=plan["keys"].pk,
        outcome=Outcome.MET,
    )
    with pytest.raises(ValidationError):
        finding_sanction(
            user=plan["quality"], finding=met, kind=K.WARNING, reasons="x",
            effective_from=TODAY(),
        )  # fmt: skip
    _f, breach = _breach(plan, follow_up, condition="staff")
    with pytest.raises(PermissionDenied):
        finding_sanction(
            user=plan["other_quality"], finding=breach, kind=K.WARNING, reasons="x",
            effective_from=TODAY(),
        )  # fmt: skip
    assert not Sanction.objects.exists()


def test_a_sanctioned_finding_stays_not_met(plan):
    follow_up, finding = _breach(plan)
    finding_sanction(
        user=plan["quality"], finding=finding, kind=K.WARNING, reasons="x",
        effective_from=TODAY(),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        finding_record(
            user=plan["quality"],
            follow_up=follow_up,
            condition_id=plan["keys"].pk,
            outcome=Outcome.MET,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=finding.pk).update(outcome=Outcome.REMARK)


# Scope


def test_the_provider_sees_its_follow_ups_only_once_the_findings_are_sent(plan):
    follow_up, _finding = _breach(plan)
    user = plan["provider_user"]
    assert not follow_ups_for_provider(user=user).exists()
    assert not visible(Finding.objects.all(), user).exists()
    assert not visible(Measure.objects.all(), user).exists()
    measure = measure_add(
        user=plan["quality"], follow_up=follow_up, text="Gör", due_on=TODAY()
    )
    follow_up_transition(user=plan["quality"], follow_up=follow_up, to=S.FINDINGS_SENT)
    assert list(follow_ups_for_provider(user=user)) == [follow_up]
    assert follow_up_for_provider(user=user, pk=follow_up.pk) == follow_up
    assert measure_for_provider(user=user, pk=measure.pk) == measure
    assert visible(Finding.objects.all(), user).count() == 1


def test_another_provider_and_municipality_see_nothing(plan):
    follow_up, _finding = _sent(plan)
    for who in ("other_provider_user", "other_quality"):
        for model in (FollowUp, Finding, Measure, FollowUpEvent):
            assert not visible(model.objects.all(), plan[who]).exists()
    from django.http import Http404

    with pytest.raises(Http404):
        follow_up_for_provider(user=plan["other_provider_user"], pk=follow_up.pk)


# Selectors


def test_the_plan_month_by_month_with_done_and_overdue(plan):
    year = TODAY().year - 1  # a past year: everything not done is overdue
    march = _plan(plan, year=year, month=3)
    follow_up_transition(user=plan["quality"], follow_up=march, to=S.IN_PROGRESS)
    finding_record(
        user=plan["quality"], follow_up=march, condition_id=plan["keys"].pk,
        outcome=Outcome.MET,
    )  # fmt: skip
    follow_up_transition(user=plan["quality"], follow_up=march, to=S.FINDINGS_SENT)
    _plan(plan, year=year, month=3, kind=FollowUpKind.VISIT)
    _plan(plan, year=year, month=11)
    _plan(plan, year=year + 1, month=1)  # another year
    result = follow_up_plan_of(
        user=plan["quality"], municipality_id=plan["municipality"].pk, year=year
    )
    assert [len(m.follow_ups) for m in result.months] == [
        0,
        0,
        2,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1,
        0,
    ]
    assert (result.planned, result.done, result.overdue) == (3, 1, 2)
    outside = follow_up_plan_of(
        user=plan["other_quality"], municipality_id=plan["municipality"].pk, year=year
    )
    assert outside.planned == 0


def test_overdue_is_after_the_planned_month(plan):
    follow_up = _plan(plan, month=TODAY().month)
    assert not is_overdue(follow_up)
    assert is_overdue(follow_up, today=TODAY().replace(day=1) + timedelta(days=32))
    follow_up.status = S.CLOSED
    assert not is_overdue(follow_up, today=TODAY() + timedelta(days=400))


def test_the_summary_counts_in_one_query(plan, django_assert_num_queries):
    year = TODAY().year
    follow_up, finding = _breach(plan)
    finding_record(
        user=plan["quality"], follow_up=follow_up, condition_id=plan["staff"].pk,
        outcome=Outcome.REMARK, note="Notera",
    )  # fmt: skip
    for text in ("Gör ett", "Gör två"):
        measure_add(
            user=plan["quality"], follow_up=follow_up, text=text, due_on=TODAY()
        )
    finding_sanction(
        user=plan["quality"], finding=finding, kind=K.WARNING, reasons="x",
        effective_from=TODAY(),
    )  # fmt: skip
    follow_up_transition(user=plan["quality"], follow_up=follow_up, to=S.FINDINGS_SENT)
    measure_answer(
        user=plan["provider_user"], measure=follow_up.measures.first(), answer="Klart"
    )
    met = _started(plan, kind=FollowUpKind.VISIT, month=1)
    finding_record(
        user=plan["quality"], follow_up=met, condition_id=plan["keys"].pk,
        outcome=Outcome.MET,
    )  # fmt: skip
    _plan(plan, year=year + 1)  # another year
    where = {"municipality_id": plan["municipality"].pk, "year": year}
    with django_assert_num_queries(1):
        rows = follow_up_summary(provider_id=plan["provider"].pk, **where)
    assert [r["kind"] for r in rows] == [FollowUpKind.VISIT, FollowUpKind.YEARLY]
    visit, yearly = rows
    assert (visit["met"], visit["not_met"], visit["remarks"]) == (1, 0, 0)
    assert (yearly["met"], yearly["not_met"], yearly["remarks"]) == (0, 1, 1)
    assert (yearly["measures_open"], yearly["measures_answered"]) == (1, 1)
    assert (yearly["warnings"], yearly["revocations"]) == (1, 0)
    assert yearly["conducted_on"] == TODAY()
    assert follow_up_summary(provider_id=plan["other_provider"].pk, **where) == []
