"""Business rules of authorization: applications and their transitions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authorization.models import (
    Announcement,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Authorization,
    ConditionAnswer,
    ConditionReview,
    DocumentKind,
    ExclusionDeclaration,
    ExclusionGround,
    Manager,
    ManagerRole,
    WorkPeriod,
)
from authorization.selectors import EDITABLE, conditions_of
from authorization.services.notifications import (
    application_event_mail,
    contract_accepted_mail,
)
from kundval.models import Role
from kundval.scoping import check_role
from kundval.transitions import Transitions

S = ApplicationStatus

APPLICATION_TRANSITIONS = Transitions(
    states=S,
    edges={
        (S.DRAFT, S.SUBMITTED): Role.PROVIDER_USER,
        (S.DRAFT, S.WITHDRAWN): Role.PROVIDER_USER,
        (S.SUBMITTED, S.WITHDRAWN): Role.PROVIDER_USER,
        (S.SUBMITTED, S.COMPLETION_REQUESTED): Role.QUALITY_OFFICER,
        (S.SUBMITTED, S.APPROVED): Role.QUALITY_OFFICER,
        (S.SUBMITTED, S.REFUSED): Role.QUALITY_OFFICER,
        (S.COMPLETION_REQUESTED, S.SUBMITTED): Role.PROVIDER_USER,
        (S.COMPLETION_REQUESTED, S.WITHDRAWN): Role.PROVIDER_USER,
    },
    refusal=gettext_lazy("An application that is %(status)s cannot become %(to)s."),
)
# A decision or a request for completion must say why, and the provider hears of it.
REASONS_REQUIRED = {S.COMPLETION_REQUESTED, S.APPROVED, S.REFUSED}
NOTIFY_PROVIDER = REASONS_REQUIRED


def application_start(*, user, provider, announcement: Announcement) -> Application:
    check_role(user, Role.PROVIDER_USER, provider_id=provider.pk)
    if announcement.published_at is None:
        raise ValidationError(_("This call for applications is not open."))
    if Authorization.objects.filter(
        provider=provider, service=announcement.service, revoked_from__isnull=True
    ).exists():
        raise ValidationError(_("You are already authorized for this service."))
    return Application.objects.create(provider=provider, announcement=announcement)


@transaction.atomic
def application_save(
    *,
    user,
    application: Application,
    answers: dict[int, str],
    area_ids: list[int],
    declarations: dict[str, bool] | None = None,
    exclusion_explanation: str = "",
) -> Application:
    """Save the provider's answers, areas and declarations on the exclusion
    grounds (ground → applies); only while it can still edit."""
    application = editable_application(user, application.pk)
    condition_ids = set(
        conditions_of(application.announcement).values_list("pk", flat=True)
    )
    for condition_id, text in answers.items():
        if condition_id not in condition_ids:
            raise ValidationError(_("That condition is not part of this call."))
        ConditionAnswer.objects.update_or_create(
            application=application, condition_id=condition_id, defaults={"text": text}
        )
    allowed_areas = application.announcement.areas.filter(pk__in=area_ids)
    if len(allowed_areas) != len(set(area_ids)):
        raise ValidationError(_("Choose areas from the call only."))
    application.areas.set(allowed_areas)
    _save_declarations(application, declarations or {})
    application.exclusion_explanation = exclusion_explanation
    application.save(update_fields=["exclusion_explanation", "updated_at"])
    return application


def _save_declarations(application: Application, declarations: dict) -> None:
    for ground, applies in declarations.items():
        if ground not in ExclusionGround.values:
            raise ValidationError(_("Unknown exclusion ground."))
        ExclusionDeclaration.objects.update_or_create(
            application=application, ground=ground, defaults={"applies": applies}
        )


@transaction.atomic
def manager_save(
    *, user, application: Application, role: str, person: dict, periods: list[dict]
) -> Manager:
    """Name the manager or the substitute, replacing their dated periods."""
    application = editable_application(user, application.pk)
    manager, _created = Manager.objects.update_or_create(
        application=application, role=role, defaults=person
    )
    manager.periods.all().delete()
    WorkPeriod.objects.bulk_create(
        WorkPeriod(manager=manager, **period) for period in periods
    )
    application.save(update_fields=["updated_at"])
    return manager


def application_submit(*, user, application: Application) -> Application:
    """Submit, when everything the call asks for is there; else say what is missing."""
    problems = submission_problems(application)
    if problems:
        raise ValidationError(problems)
    return application_transition(user=user, application=application, to=S.SUBMITTED)


def submission_problems(application: Application) -> list[str]:
    problems = []
    missing = _unanswered(application)
    if missing:
        problems.append(
            _("Answer every condition: %(titles)s") % {"titles": ", ".join(missing)}
        )
    if not application.areas.exists():
        problems.append(_("Choose at least one area."))
    problems += _declaration_problems(application)
    without_evidence = _without_evidence(application)
    if without_evidence:
        problems.append(
            _("Upload evidence for: %(titles)s")
            % {"titles": ", ".join(without_evidence)}
        )
    named = set(application.managers.values_list("role", flat=True))
    for role in ManagerRole:
        if role not in named:
            problems.append(_("Name the %(role)s.") % {"role": role.label.lower()})
    return problems


def _declaration_problems(application: Application) -> list[str]:
    declared = dict(application.declarations.values_list("ground", "applies"))
    if len(declared) < len(ExclusionGround.values):
        return [_("Answer every declaration on the exclusion grounds.")]
    if any(declared.values()) and not application.exclusion_explanation.strip():
        return [_("Explain the exclusion ground that applies.")]
    return []


def _without_evidence(application: Application) -> list[str]:
    with_evidence = set(
        application.documents.filter(kind=DocumentKind.EVIDENCE).values_list(
            "condition_id", flat=True
        )
    )
    at_authorization = conditions_of(application.announcement).filter(
        shown_at_authorization=True
    )
    return [c.title for c in at_authorization if c.pk not in with_evidence]


@transaction.atomic
def application_transition(
    *,
    user,
    application: Application,
    to: str,
    note: str = "",
    valid_from: date | None = None,
    capacity_ceiling: int | None = None,
) -> Application:
    """Move the application along one edge of the table. An approval creates
    the authorization, from `valid_from` (today if not given)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    APPLICATION_TRANSITIONS.check(
        application.status,
        to,
        user=user,
        municipality_id=application.announcement.service.municipality_id,
        provider_id=application.provider_id,
    )
    if to in REASONS_REQUIRED and not note.strip():
        raise ValidationError(_("Give the reasons."))
    valid_from = valid_from or timezone.localdate()
    if to == S.APPROVED and valid_from < timezone.localdate():
        raise ValidationError(_("An authorization cannot start in the past."))
    event = ApplicationEvent.objects.create(
        application=application,
        from_status=application.status,
        to_status=to,
        by=user,
        note=note,
    )
    if to in NOTIFY_PROVIDER:
        application_event_mail(event)
    application.status = to
    application.save(update_fields=["status", "updated_at"])
    if to == S.APPROVED:
        _authorize(application, valid_from, capacity_ceiling)
    return application


def _authorize(application, valid_from, capacity_ceiling) -> Authorization:
    """Approval creates the authorization, in force once the contract is accepted."""
    authorization = Authorization.objects.create(
        application=application,
        provider=application.provider,
        service=application.announcement.service,
        valid_from=valid_from,
        capacity_ceiling=capacity_ceiling,
    )
    authorization.areas.set(application.areas.all())
    return authorization


@transaction.atomic
def contract_accept(*, user, authorization: Authorization) -> Authorization:
    authorization = Authorization.objects.select_for_update().get(pk=authorization.pk)
    check_role(user, Role.PROVIDER_USER, provider_id=authorization.provider_id)
    if authorization.contract_accepted_at is None:  # accepting twice changes nothing
        authorization.contract_accepted_at = timezone.now()
        authorization.contract_accepted_by = user
        authorization.save(
            update_fields=["contract_accepted_at", "contract_accepted_by"]
        )
        contract_accepted_mail(authorization)
    return authorization


def editable_application(user, pk: int) -> Application:
    application = Application.objects.select_for_update().get(pk=pk)
    check_role(user, Role.PROVIDER_USER, provider_id=application.provider_id)
    if application.status not in EDITABLE:
        raise ValidationError(_("A submitted application cannot be changed."))
    return application


def _unanswered(application: Application) -> list[str]:
    answered = set(
        application.answers.exclude(text="").values_list("condition_id", flat=True)
    )
    return [
        condition.title
        for condition in conditions_of(application.announcement)
        if condition.pk not in answered
    ]


@transaction.atomic
def application_review_save(
    *, user, application: Application, verdicts: dict[int, tuple[str, str]]
) -> None:
    """Record the verdict and note per condition, while the application is submitted."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    check_role(
        user,
        Role.QUALITY_OFFICER,
        municipality_id=application.announcement.service.municipality_id,
    )
    if application.status != S.SUBMITTED:
        raise ValidationError(_("Only a submitted application is reviewed."))
    condition_ids = set(
        conditions_of(application.announcement).values_list("pk", flat=True)
    )
    for condition_id, (verdict, note) in verdicts.items():
        if condition_id not in condition_ids:
            raise ValidationError(_("That condition is not part of this call."))
        ConditionReview.objects.update_or_create(
            application=application,
            condition_id=condition_id,
            defaults={"verdict": verdict, "note": note, "by": user},
        )
