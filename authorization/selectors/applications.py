"""Reads of applications: the provider's own, with what its page shows, and
those the quality unit reviews, with the provider's answers and the people's
qualification; and a document to download. A provider sees its own, the
quality unit its municipalities' (kundval.scoping): any other is 404."""

from typing import TypedDict

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from authorization.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Condition,
    Document,
    ExclusionDeclaration,
    Manager,
    ManagerRole,
)
from authorization.qualification import Requirement
from authorization.selectors.managers import manager_qualification
from kundval.models import Role
from kundval.scoping import visible

# The statuses in which the provider may still change its application.
EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.COMPLETION_REQUESTED)


def provider_applications(*, user) -> QuerySet[Application]:
    """The applications of the user's providers, latest changed first, with
    their calls."""
    applications = Application.objects.select_related(
        "announcement__service__municipality"
    )
    return visible(applications, user, Role.PROVIDER_USER)


def provider_application(*, user, pk: int) -> Application:
    """One of provider_applications; 404 for what scoping hides."""
    return get_object_or_404(provider_applications(user=user), pk=pk)


def editable_application_to(*, user, announcement) -> Application | None:
    """The latest changed of the user's providers' applications to the call
    that may still be changed, if any: a second is not started beside it."""
    applications = provider_applications(user=user).filter(
        announcement=announcement, status__in=EDITABLE
    )
    return applications.first()


class ApplicationParts(TypedDict):
    events: QuerySet[ApplicationEvent]
    documents: QuerySet[Document]
    people: list[tuple[ManagerRole, Manager | None]]


def application_parts(*, application: Application) -> ApplicationParts:
    """What the provider's application page shows beside the form: the
    history, the documents with their conditions, and the manager and the
    substitute by role (None: not named yet)."""
    named = {manager.role: manager for manager in application.managers.all()}
    return ApplicationParts(
        events=application.events.select_related("by"),
        documents=application.documents.select_related("condition"),
        people=[(role, named.get(role.value)) for role in ManagerRole],
    )


def application_document(*, application: Application, pk: str) -> Document:
    """One of the application's documents, to delete; 404 for any other."""
    return get_object_or_404(application.documents.all(), pk=pk)


def manager_of(*, application: Application, role: str) -> Manager | None:
    """The application's manager or substitute (`role`), if named."""
    return application.managers.filter(role=role).first()


def work_periods_of(*, manager: Manager, fields: list[str]) -> list[dict]:
    """The manager's work periods as dicts of `fields`, in order: the rows
    the form starts with."""
    return list(manager.periods.values(*fields))


def reviewable_applications(*, user) -> QuerySet[Application]:
    """The applications to the quality officer's municipalities' calls that
    have been submitted (any status but draft), with provider and call."""
    applications = Application.objects.exclude(status=ApplicationStatus.DRAFT)
    applications = applications.select_related(
        "provider", "announcement__service__municipality"
    )
    return visible(applications, user, Role.QUALITY_OFFICER)


def reviewable_application(*, user, pk: int) -> Application:
    """One of reviewable_applications; 404 for a draft and for what scoping
    hides."""
    return get_object_or_404(reviewable_applications(user=user), pk=pk)


def answers_of(*, application: Application) -> dict[int, str]:
    """The provider's answer to each condition, by condition id."""
    return {a.condition_id: a.text for a in application.answers.all()}


class ReviewParts(TypedDict):
    events: QuerySet[ApplicationEvent]
    declarations: QuerySet[ExclusionDeclaration]
    documents: QuerySet[Document]
    people: list[tuple[Manager, list[Requirement]]]


def review_parts(
    *, application: Application, conditions: list[Condition]
) -> ReviewParts:
    """What the review page shows beside the form and the answers: the
    history, the declarations, the documents, and the people in charge with
    their qualification (people_with_qualification)."""
    return ReviewParts(
        events=application.events.select_related("by"),
        declarations=application.declarations.all(),
        documents=application.documents.select_related("condition"),
        people=people_with_qualification(
            application=application, conditions=conditions
        ),
    )


def people_with_qualification(
    *, application: Application, conditions: list[Condition]
) -> list[tuple[Manager, list[Requirement]]]:
    """The manager and substitute with each requirement of the call's manager
    condition, if it has one, as of the last submission (the facts the
    provider stood by), else today."""
    if not any(condition.checks_manager for condition in conditions):
        return [(manager, []) for manager in application.managers.all()]
    submitted = application.events.filter(to_status=ApplicationStatus.SUBMITTED)
    last = submitted.order_by("-at").first()
    as_of = timezone.localdate(last.at) if last else timezone.localdate()
    return [
        (manager, manager_qualification(manager, as_of=as_of))
        for manager in application.managers.prefetch_related("periods")
    ]


def document_for_download(*, user, pk: int) -> Document:
    """A document the user may download: one of their provider's, or one of
    the quality officer's municipalities; 404 for any other."""
    documents = visible(
        Document.objects.all(), user, Role.PROVIDER_USER, Role.QUALITY_OFFICER
    )
    return get_object_or_404(documents, pk=pk)
