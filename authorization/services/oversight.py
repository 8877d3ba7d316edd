"""While a provider is authorized: its self-reports, renewed certificates and
the quality unit's sanctions (issue 4 items 6-8; docs/domain.md §7, §9)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authorization.models import (
    EXPIRING_KINDS,
    REPORTS_NAMING_A_PERSON,
    REPORTS_NEEDING_APPROVAL,
    Authorization,
    DocumentKind,
    Manager,
    ManagerRole,
    OnBreach,
    Report,
    ReportKind,
    ReportStatus,
    Sanction,
    SanctionKind,
    WorkPeriod,
)
from authorization.selectors import conditions_of
from authorization.services.documents import document_store
from authorization.services.notifications import sanction_mail
from kundval.models import Role
from kundval.scoping import check_role
from kundval.transitions import Transitions

R = ReportStatus

REPORT_REFUSAL = gettext_lazy("A report that is %(status)s cannot become %(to)s.")
# A new manager is approved or rejected; every other report is noted.
APPROVAL_TRANSITIONS = Transitions(
    states=R,
    edges={
        (R.RECEIVED, R.APPROVED): Role.QUALITY_OFFICER,
        (R.RECEIVED, R.REJECTED): Role.QUALITY_OFFICER,
    },
    refusal=REPORT_REFUSAL,
)
NOTE_TRANSITIONS = Transitions(
    states=R,
    edges={(R.RECEIVED, R.NOTED): Role.QUALITY_OFFICER},
    refusal=REPORT_REFUSAL,
)


def report_transitions(kind: str) -> Transitions:
    """The table of a report of `kind`."""
    if kind in REPORTS_NEEDING_APPROVAL:
        return APPROVAL_TRANSITIONS
    return NOTE_TRANSITIONS


def _in_force_for_provider(user, authorization: Authorization) -> Authorization:
    check_role(user, Role.PROVIDER_USER, provider_id=authorization.provider_id)
    if (
        authorization.revoked_from
        and authorization.revoked_from <= timezone.localdate()
    ):
        raise ValidationError(_("The authorization has been revoked."))
    return authorization


@transaction.atomic
def report_file(
    *,
    user,
    authorization: Authorization,
    kind: str,
    occurred_on: date,
    text: str,
    person: dict | None = None,
    periods: list[dict] | None = None,
) -> Report:
    """The provider reports a new manager or substitute (with the facts the
    qualification rule reads), or a serious complaint, fault or deviation."""
    _in_force_for_provider(user, authorization)
    if kind not in ReportKind.values:
        raise ValidationError(_("Choose what you report."))
    if not text.strip():
        raise ValidationError(_("Describe what happened or changed."))
    names_person = kind in REPORTS_NAMING_A_PERSON
    if names_person and not person:
        raise ValidationError(_("Give the new person's qualifications."))
    report = Report.objects.create(
        authorization=authorization,
        kind=kind,
        occurred_on=occurred_on,
        text=text.strip(),
        reported_by=user,
    )
    if names_person:
        new_manager = kind == ReportKind.NEW_MANAGER
        role = ManagerRole.MANAGER if new_manager else ManagerRole.SUBSTITUTE
        manager = Manager.objects.create(report=report, role=role, **person)
        WorkPeriod.objects.bulk_create(
            WorkPeriod(manager=manager, **period) for period in periods or []
        )
    return report


@transaction.atomic
def report_handle(*, user, report: Report, to: str, note: str = "") -> Report:
    """The quality unit approves or rejects a new manager, or notes a report."""
    report = (
        Report.objects.select_for_update()
        .select_related("authorization__service")
        .get(pk=report.pk)
    )
    report_transitions(report.kind).check(
        report.status,
        to,
        user=user,
        municipality_id=report.authorization.service.municipality_id,
    )
    if to == R.REJECTED and not note.strip():
        raise ValidationError(_("Give the reasons."))
    report.status = to
    report.handling_note = note.strip()
    report.handled_by = user
    report.handled_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def certificate_add(
    *, user, authorization: Authorization, upload, kind: str, valid_until: date
):
    """A renewed insurance or F-tax certificate for an authorized provider."""
    _in_force_for_provider(user, authorization)
    if kind not in EXPIRING_KINDS:
        raise ValidationError(_("Choose what the document is."))
    if valid_until is None or valid_until < timezone.localdate():
        raise ValidationError(_("Give a valid-until date that has not passed."))
    return document_store(
        user=user,
        application=authorization.application,
        upload=upload,
        kind=kind,
        valid_until=valid_until,
    )


@transaction.atomic
def sanction_decide(
    *,
    user,
    authorization: Authorization,
    condition_id: int,
    kind: str,
    evidence: str,
    reasons: str,
    effective_from: date,
    upload=None,
) -> Sanction:
    """A warning or a revocation for a breach of one condition of the call.

    A revocation needs a condition whose sanction allows it, and a date not
    in the past; from that date the provider can't be chosen."""
    authorization = Authorization.objects.select_for_update().get(pk=authorization.pk)
    check_role(
        user,
        Role.QUALITY_OFFICER,
        municipality_id=authorization.service.municipality_id,
    )
    condition = _breached_condition(authorization, condition_id)
    if not evidence.strip() or not reasons.strip():
        raise ValidationError(_("Give the evidence and the reasons."))
    if kind == SanctionKind.REVOCATION:
        _revoke(authorization, condition, effective_from)
    elif kind != SanctionKind.WARNING:
        raise ValidationError(_("Choose a warning or a revocation."))
    sanction = Sanction.objects.create(
        authorization=authorization,
        condition=condition,
        kind=kind,
        evidence=evidence.strip(),
        reasons=reasons.strip(),
        effective_from=effective_from,
        decided_by=user,
    )
    if upload:
        _store_evidence(user, sanction, upload)
    sanction_mail(sanction)
    return sanction


def _revoke(authorization, condition, effective_from: date) -> None:
    _check_revocation(authorization, condition, effective_from)
    authorization.revoked_from = effective_from
    authorization.save(update_fields=["revoked_from"])


def _store_evidence(user, sanction: Sanction, upload) -> None:
    """The quality unit's evidence of the breach, kept with the application."""
    document_store(
        user=user,
        application=sanction.authorization.application,
        upload=upload,
        kind=DocumentKind.EVIDENCE,
        condition=sanction.condition,
        sanction=sanction,
    )


def _breached_condition(authorization, condition_id):
    condition = (
        conditions_of(authorization.application.announcement)
        .filter(pk=condition_id)
        .first()
    )
    if condition is None:
        raise ValidationError(_("Choose the condition that was breached."))
    return condition


def _check_revocation(authorization, condition, effective_from: date) -> None:
    if condition.sanction != OnBreach.WARNING_OR_REVOCATION:
        raise ValidationError(
            _("A breach of this condition is met with a warning, not a revocation.")
        )
    if authorization.revoked_from is not None:
        raise ValidationError(_("The authorization is already revoked."))
    if effective_from < timezone.localdate():
        raise ValidationError(_("A revocation cannot take effect in the past."))
