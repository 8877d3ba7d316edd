"""While a provider is authorized: its self-reports, renewed certificates and
the quality unit's sanctions (issue 4 items 6-8; docs/domain.md §7, §9)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authorization.models import (
    DEVIATION_KINDS,
    EXPIRING_KINDS,
    REPORTS_NAMING_A_PERSON,
    REPORTS_NEEDING_APPROVAL,
    Authorization,
    Condition,
    DocumentKind,
    LexSarahNature,
    Manager,
    ManagerRole,
    OnBreach,
    Report,
    ReportKind,
    ReportStatus,
    Sanction,
    SanctionKind,
    Severity,
    WorkPeriod,
)
from authorization.selectors import conditions_of
from authorization.services.documents import document_store
from authorization.services.notifications import report_serious_mail, sanction_mail
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
    severity: str = "",
    lex_sarah_nature: str = "",
    measures: str = "",
    ivo_told: bool = False,
    ivo_told_on: date | None = None,
    condition: Condition | None = None,
) -> Report:
    """The provider reports a new manager or substitute (with the facts the
    qualification rule reads), or a deviation: a serious complaint, fault,
    deviation or lex Sarah report, with its severity, the measures taken,
    whether IVO was told and the general condition it concerns. A serious
    deviation is mailed to the municipality's quality unit at once."""
    _in_force_for_provider(user, authorization)
    if kind not in ReportKind.values:
        raise ValidationError(_("Choose what you report."))
    if not text.strip():
        raise ValidationError(_("Describe what happened or changed."))
    if occurred_on is None or occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    names_person = kind in REPORTS_NAMING_A_PERSON
    if names_person and not person:
        raise ValidationError(_("Give the new person's qualifications."))
    deviation = (
        _deviation_fields(
            authorization,
            kind=kind,
            severity=severity,
            lex_sarah_nature=lex_sarah_nature,
            measures=measures,
            ivo_told=ivo_told,
            ivo_told_on=ivo_told_on,
            condition=condition,
        )
        if kind in DEVIATION_KINDS
        else {}
    )
    report = Report.objects.create(
        authorization=authorization,
        kind=kind,
        occurred_on=occurred_on,
        text=text.strip(),
        reported_by=user,
        **deviation,
    )
    if names_person:
        new_manager = kind == ReportKind.NEW_MANAGER
        role = ManagerRole.MANAGER if new_manager else ManagerRole.SUBSTITUTE
        manager = Manager.objects.create(report=report, role=role, **person)
        WorkPeriod.objects.bulk_create(
            WorkPeriod(manager=manager, **period) for period in periods or []
        )
    if report.is_serious:
        report_serious_mail(report)
    return report


def _deviation_fields(authorization, *, kind: str, **fields) -> dict:
    """The checked fields of a deviation report; the errors by field."""
    errors = {}
    if fields["severity"] not in Severity.values:
        errors["severity"] = _("Choose the severity.")
    if kind == ReportKind.LEX_SARAH:
        if fields["lex_sarah_nature"] not in LexSarahNature.values:
            errors["lex_sarah_nature"] = _(
                "Say whether it is a wrongdoing or a clear risk of one."
            )
    else:
        fields["lex_sarah_nature"] = ""
    fields["measures"] = (fields["measures"] or "").strip()
    if not fields["measures"]:
        errors["measures"] = _("Describe the measures taken.")
    errors.update(_ivo_errors(fields))
    condition = fields["condition"]
    announcement = authorization.application.announcement
    if condition is not None and not (
        conditions_of(announcement).filter(pk=condition.pk).exists()
    ):
        errors["condition"] = _("Choose a condition of the authorization's call.")
    if errors:
        raise ValidationError(errors)
    return fields


def _ivo_errors(fields: dict) -> dict:
    told_on = fields["ivo_told_on"]
    if not fields["ivo_told"]:
        if told_on is not None:
            return {"ivo_told_on": _("Give a date only if IVO was told.")}
        return {}
    if told_on is None:
        return {"ivo_told_on": _("Give the date IVO was told.")}
    if told_on > timezone.localdate():
        return {"ivo_told_on": _("The date cannot be in the future.")}
    return {}


@transaction.atomic
def report_ivo_record(*, user, report: Report, told_on: date | None) -> Report:
    """The provider records that it has told IVO of a deviation report it
    filed earlier (a lex Sarah report is often told after the investigation)."""
    report = (
        Report.objects.select_for_update()
        .select_related("authorization")
        .get(pk=report.pk)
    )
    check_role(user, Role.PROVIDER_USER, provider_id=report.authorization.provider_id)
    if report.kind not in DEVIATION_KINDS:
        raise ValidationError(_("Only a deviation report can say IVO was told."))
    if report.ivo_told:
        raise ValidationError(_("IVO has already been told."))
    if told_on is None or told_on > timezone.localdate():
        raise ValidationError(_("Give the date IVO was told; not in the future."))
    if told_on < report.occurred_on:
        raise ValidationError(_("IVO cannot have been told before the event."))
    report.ivo_told, report.ivo_told_on = True, told_on
    report.save(update_fields=["ivo_told", "ivo_told_on"])
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
