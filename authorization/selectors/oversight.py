"""Reads of the oversight while authorized: the quality unit's list, what
the provider's and the quality unit's pages show of one authorization, and
the self-reports to handle. The quality unit sees its municipalities'
(kundval.scoping): another municipality's are not there (404)."""

from typing import TypedDict

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from authorization.models import (
    Authorization,
    Document,
    Manager,
    Report,
    ReportStatus,
    Sanction,
)
from authorization.selectors.authorizations import authorizations_of
from authorization.selectors.managers import manager_qualification, people_in_charge
from kundval.models import Role
from kundval.scoping import visible


def overseen_authorizations(*, user) -> QuerySet[Authorization]:
    """The authorizations of the quality officer's municipalities, by
    provider name: the oversight list."""
    authorizations = authorizations_of(user=user, role=Role.QUALITY_OFFICER)
    return authorizations.order_by("provider__name")


class AuthorizationRecord(TypedDict):
    people: list[Manager]
    sanctions: QuerySet[Sanction]
    reports: QuerySet[Report]
    certificates: QuerySet[Document]


def authorization_record(*, authorization: Authorization) -> AuthorizationRecord:
    """What the provider's and the quality unit's pages show of an
    authorization: who is in charge now, its sanctions and self-reports, and
    the certificates that expire, the latest expiry first."""
    documents = authorization.application.documents
    return AuthorizationRecord(
        people=people_in_charge(authorization),
        sanctions=authorization.sanctions.select_related("condition", "decided_by"),
        reports=authorization.reports.select_related("manager", "reported_by"),
        certificates=documents.filter(valid_until__isnull=False).order_by(
            "-valid_until"
        ),
    )


def reports_with_qualification(*, authorization: Authorization) -> list[Report]:
    """The authorization's self-reports; one naming a person carries, as
    `requirements`, the manager condition's requirements as of the day it
    was reported."""
    reports = authorization.reports.select_related("manager", "reported_by")
    reports = list(reports.prefetch_related("manager__periods"))
    for report in reports:
        manager = getattr(report, "manager", None)
        report.requirements = (
            manager_qualification(manager, as_of=timezone.localdate(report.reported_at))
            if manager
            else []
        )
    return reports


def reports_to_handle(*, user) -> QuerySet[Report]:
    """The self-reports received and not yet handled in the quality
    officer's municipalities, with their providers."""
    received = Report.objects.filter(status=ReportStatus.RECEIVED)
    reports = visible(received, user, Role.QUALITY_OFFICER)
    return reports.select_related("authorization__provider")


def overseen_report(*, user, pk: int) -> Report:
    """A self-report of the quality officer's municipalities, to handle; 404
    for what scoping hides."""
    reports = visible(Report.objects.all(), user, Role.QUALITY_OFFICER)
    return get_object_or_404(reports, pk=pk)
