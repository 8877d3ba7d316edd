"""Follow-up of providers (issue 15 item 3): the quality unit plans
follow-ups per authorization and month, records a finding per condition and
the measures the provider must take, sends the findings (the provider's
users are mailed), the provider answers each measure, and the quality unit
closes the follow-up or sends it back. A breached condition's sanction is
decided through authorization's own `sanction_decide`."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authorization.models import Authorization, Sanction
from authorization.selectors import conditions_of
from authorization.services import sanction_decide
from followup.models import (
    Complaint,
    Finding,
    FollowUp,
    FollowUpEvent,
    FollowUpKind,
    FollowUpStatus,
    Measure,
    Outcome,
)
from followup.models.follow_ups import FIRST_YEAR, LAST_YEAR
from kundval.mail import mail_queue
from kundval.models import Role
from kundval.scoping import check_role
from kundval.transitions import Transitions
from providers.models import ProviderMembership

S = FollowUpStatus
QUALITY = Role.QUALITY_OFFICER
TEXT_LIMIT = 5000
FOLLOW_UP_TRANSITIONS = Transitions(
    states=S,
    edges={
        (S.PLANNED, S.IN_PROGRESS): QUALITY,
        (S.IN_PROGRESS, S.FINDINGS_SENT): QUALITY,
        # The provider's answer to the last open measure.
        (S.FINDINGS_SENT, S.ANSWERED): Role.PROVIDER_USER,
        # Everything met, nothing to answer.
        (S.FINDINGS_SENT, S.CLOSED): QUALITY,
        (S.ANSWERED, S.CLOSED): QUALITY,
        # The answers do not suffice: the measures are open again.
        (S.ANSWERED, S.FINDINGS_SENT): QUALITY,
    },
    refusal=gettext_lazy("A follow-up that is %(status)s cannot become %(to)s."),
)
# Findings and measures are recorded while the follow-up is in progress.
EDITABLE = S.IN_PROGRESS


def _where(follow_up: FollowUp) -> dict:
    return {
        "municipality_id": follow_up.municipality_id,
        "provider_id": follow_up.authorization.provider_id,
    }


def _check_month(year: int, month: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month <= 12:
        raise ValidationError(_("Choose a month of the plan's year."))


def _check_complaint(authorization: Authorization, kind: str, complaint) -> None:
    if kind not in FollowUpKind.values:
        raise ValidationError(_("Choose the kind of follow-up."))
    if complaint is None:
        return
    if kind != FollowUpKind.COMPLAINT_REVIEW:
        raise ValidationError(_("Only a review on complaint links a complaint."))
    if (
        complaint.municipality_id != authorization.service.municipality_id
        or complaint.provider_id != authorization.provider_id
    ):
        raise ValidationError(_("The complaint is not about this provider."))


@transaction.atomic
def follow_up_plan(
    *,
    user,
    authorization: Authorization,
    year: int,
    month: int,
    kind: str,
    complaint: Complaint | None = None,
) -> FollowUp:
    """A follow-up in the municipality's plan for `year`, in `month`."""
    municipality_id = authorization.service.municipality_id
    check_role(user, QUALITY, municipality_id=municipality_id)
    _check_month(year, month)
    _check_complaint(authorization, kind, complaint)
    return FollowUp.objects.create(
        municipality_id=municipality_id,
        authorization=authorization,
        year=year,
        month=month,
        kind=kind,
        complaint=complaint,
        created_by=user,
    )


@transaction.atomic
def follow_up_replan(
    *, user, follow_up: FollowUp, month: int, kind: str, complaint=None
) -> FollowUp:
    """Another month or kind for a follow-up not yet started."""
    follow_up = _locked(follow_up)
    check_role(user, QUALITY, municipality_id=follow_up.municipality_id)
    if follow_up.status != S.PLANNED:
        raise ValidationError(_("Only a planned follow-up can be changed."))
    _check_month(follow_up.year, month)
    _check_complaint(follow_up.authorization, kind, complaint)
    follow_up.month, follow_up.kind, follow_up.complaint = month, kind, complaint
    follow_up.save(update_fields=["month", "kind", "complaint"])
    return follow_up


def _locked(follow_up: FollowUp) -> FollowUp:
    return (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("authorization")
        .get(pk=follow_up.pk)
    )


@transaction.atomic
def follow_up_transition(
    *, user, follow_up: FollowUp, to: str, note: str = ""
) -> FollowUp:
    """Move a follow-up along its table, recording who, when and why."""
    follow_up = _locked(follow_up)
    FOLLOW_UP_TRANSITIONS.check(follow_up.status, to, user=user, **_where(follow_up))
    _RULES.get((follow_up.status, to), _no_rule)(follow_up, note)
    FollowUpEvent.objects.create(
        follow_up=follow_up,
        from_status=follow_up.status,
        to_status=to,
        by=user,
        note=note.strip(),
    )
    follow_up.status = to
    follow_up.save(update_fields=["status", "conducted_on", "findings_sent_at"])
    return follow_up


def _no_rule(follow_up: FollowUp, note: str) -> None:
    return None


def _send_findings(follow_up: FollowUp, note: str) -> None:
    findings = list(follow_up.findings.all())
    if not findings:
        raise ValidationError(_("Record at least one finding first."))
    breached = any(f.outcome == Outcome.NOT_MET for f in findings)
    if breached and not follow_up.measures.exists():
        raise ValidationError(
            _("A condition that is not met needs at least one measure.")
        )
    now = timezone.now()
    follow_up.findings_sent_at = now
    follow_up.conducted_on = follow_up.conducted_on or timezone.localdate(now)
    mail_queue(
        key=f"follow-up-findings:{follow_up.pk}",
        template="followup/follow_up_findings_email.txt",
        context={"follow_up": follow_up, "link": _provider_link(follow_up)},
        recipients=_provider_emails(follow_up.authorization.provider_id),
    )


def _check_answered(follow_up: FollowUp, note: str) -> None:
    measures = follow_up.measures.all()
    if not measures or measures.filter(answered_at__isnull=True).exists():
        raise ValidationError(_("Every measure must be answered first."))


def _check_nothing_to_answer(follow_up: FollowUp, note: str) -> None:
    if follow_up.measures.exists():
        raise ValidationError(
            _("The provider must answer the measures before it is closed.")
        )


def _send_back(follow_up: FollowUp, note: str) -> None:
    if not note.strip():
        raise ValidationError(_("Say why the answers do not suffice."))
    # The provider revises its answers: they are kept as its starting point.
    follow_up.measures.update(answered_at=None, answered_by=None)


_RULES = {
    (S.IN_PROGRESS, S.FINDINGS_SENT): _send_findings,
    (S.FINDINGS_SENT, S.ANSWERED): _check_answered,
    (S.FINDINGS_SENT, S.CLOSED): _check_nothing_to_answer,
    (S.ANSWERED, S.FINDINGS_SENT): _send_back,
}


def _provider_emails(provider_id: int) -> set[str]:
    return set(
        ProviderMembership.objects.filter(provider_id=provider_id)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _provider_link(follow_up: FollowUp) -> str:
    return settings.SITE_URL + reverse("provider-follow-up", args=[follow_up.pk])


def _check_editable(user, follow_up: FollowUp) -> None:
    check_role(user, QUALITY, municipality_id=follow_up.municipality_id)
    if follow_up.status != EDITABLE:
        raise ValidationError(
            _("Findings and measures are recorded while the follow-up is in progress.")
        )


@transaction.atomic
def finding_record(
    *, user, follow_up: FollowUp, condition_id: int, outcome: str, note: str = ""
) -> Finding:
    """The finding for one condition of the provider's call: one per
    condition, so recording it again changes it."""
    follow_up = _locked(follow_up)
    _check_editable(user, follow_up)
    announcement = follow_up.authorization.application.announcement
    if not conditions_of(announcement).filter(pk=condition_id).exists():
        raise ValidationError(_("Choose a condition of the provider's call."))
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose met, not met or a remark."))
    note = note.strip()
    if outcome != Outcome.MET and not note:
        raise ValidationError(_("Describe what was found."))
    if len(note) > TEXT_LIMIT:
        raise ValidationError(
            _("Write at most %(limit)s characters.") % {"limit": TEXT_LIMIT}
        )
    existing = follow_up.findings.filter(condition_id=condition_id).first()
    if existing and existing.sanction_id and outcome != Outcome.NOT_MET:
        raise ValidationError(_("A finding that led to a sanction stays not met."))
    finding, _created = Finding.objects.update_or_create(
        follow_up=follow_up,
        condition_id=condition_id,
        defaults={"outcome": outcome, "note": note},
    )
    return finding


@transaction.atomic
def measure_add(*, user, follow_up: FollowUp, text: str, due_on: date) -> Measure:
    """A measure the provider must take by `due_on`."""
    follow_up = _locked(follow_up)
    _check_editable(user, follow_up)
    text = text.strip()
    if not text:
        raise ValidationError(_("Describe the measure."))
    if len(text) > TEXT_LIMIT:
        raise ValidationError(
            _("Write at most %(limit)s characters.") % {"limit": TEXT_LIMIT}
        )
    if due_on < timezone.localdate():
        raise ValidationError(_("A measure cannot be due in the past."))
    return Measure.objects.create(follow_up=follow_up, text=text, due_on=due_on)


@transaction.atomic
def measure_answer(*, user, measure: Measure, answer: str) -> Measure:
    """The provider's answer to one of its measures. The last answer makes
    the follow-up answered."""
    follow_up = _locked(measure.follow_up)
    check_role(user, Role.PROVIDER_USER, **_where(follow_up))
    if follow_up.status != S.FINDINGS_SENT:
        raise ValidationError(_("The measures of this follow-up are not open."))
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Describe what you have done."))
    if len(answer) > TEXT_LIMIT:
        raise ValidationError(
            _("Write at most %(limit)s characters.") % {"limit": TEXT_LIMIT}
        )
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.answered_at is not None:
        raise ValidationError(_("The measure has been answered."))
    measure.answer, measure.answered_at = answer, timezone.now()
    measure.answered_by = user
    measure.save(update_fields=["answer", "answered_at", "answered_by"])
    if not follow_up.measures.filter(answered_at__isnull=True).exists():
        follow_up_transition(user=user, follow_up=follow_up, to=S.ANSWERED)
    return measure


def finding_sanction(
    *, user, finding: Finding, kind: str, reasons: str, effective_from: date
) -> Sanction:
    """The sanction a breached condition prescribes, decided through
    authorization's `sanction_decide` with the finding's note as evidence and
    linked to the finding. A refusal leaves nothing saved."""
    with transaction.atomic():
        follow_up = _locked(finding.follow_up)
        check_role(user, QUALITY, municipality_id=follow_up.municipality_id)
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        if finding.outcome != Outcome.NOT_MET:
            raise ValidationError(_("Only a condition that is not met is sanctioned."))
        if finding.sanction_id:
            raise ValidationError(_("The finding has led to a sanction already."))
        if follow_up.status in (S.PLANNED, S.CLOSED):
            raise ValidationError(_("The follow-up is not open."))
        sanction = sanction_decide(
            user=user,
            authorization=follow_up.authorization,
            condition_id=finding.condition_id,
            kind=kind,
            evidence=finding.note,
            reasons=reasons,
            effective_from=effective_from,
        )
        finding.sanction = sanction
        finding.save(update_fields=["sanction"])
        return sanction
