"""Reads of the oversight while authorized: the quality unit's list, what
the provider's and the quality unit's pages show of one authorization, and
the self-reports to handle. The quality unit sees its municipalities'
(kundval.scoping): another municipality's are not there (404)."""

from typing import TypedDict

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from authorization.models import (
    DEVIATION_KINDS,
    SERIOUS_REPORT,
    Authorization,
    Document,
    Manager,
    Report,
    ReportStatus,
    Sanction,
    Severity,
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
        reports=authorization.reports.select_related(
            "manager", "reported_by", "condition"
        ),
        certificates=documents.filter(valid_until__isnull=False).order_by(
            "-valid_until"
        ),
    )


def reports_with_qualification(*, authorization: Authorization) -> list[Report]:
    """The authorization's self-reports; one naming a person carries, as
    `requirements`, the manager condition's requirements as of the day it
    was reported."""
    reports = authorization.reports.select_related(
        "manager", "reported_by", "condition"
    )
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
    officer's municipalities, with their providers; serious deviations
    first (marked by `serious`), then the newest."""
    received = Report.objects.filter(status=ReportStatus.RECEIVED)
    reports = visible(received, user, Role.QUALITY_OFFICER)
    return _serious_first(reports.select_related("authorization__provider"))


def _serious_first(reports: QuerySet[Report]) -> QuerySet[Report]:
    serious = ExpressionWrapper(SERIOUS_REPORT, output_field=BooleanField())
    return reports.annotate(serious=serious).order_by("-serious", "-reported_at")


def own_deviation_report(*, user, pk: int) -> Report:
    """One of the provider user's own deviation reports; 404 for another's."""
    reports = visible(
        Report.objects.filter(kind__in=DEVIATION_KINDS), user, Role.PROVIDER_USER
    )
    return get_object_or_404(reports, pk=pk)


class DeviationFilter(TypedDict, total=False):
    kind: str
    severity: str
    status: str
    year: int


def deviation_reports(*, user, filters: DeviationFilter | None = None):
    """The deviation reports (serious complaints, faults, deviations, lex
    Sarah) of the quality officer's municipalities, filtered by kind,
    severity, status and the year of the event; serious ones first."""
    reports = Report.objects.filter(kind__in=DEVIATION_KINDS)
    for field, lookup in (
        ("kind", "kind"),
        ("severity", "severity"),
        ("status", "status"),
        ("year", "occurred_on__year"),
    ):
        value = (filters or {}).get(field)
        if value:
            reports = reports.filter(**{lookup: value})
    reports = visible(reports, user, Role.QUALITY_OFFICER).select_related(
        "authorization__provider", "authorization__service"
    )
    return _serious_first(reports)


def deviation_report(*, user, pk: int) -> Report:
    """One deviation report of the quality officer's municipalities, with
    everything its page shows; 404 for what scoping hides."""
    reports = visible(
        Report.objects.filter(kind__in=DEVIATION_KINDS), user, Role.QUALITY_OFFICER
    ).select_related(
        "authorization__provider",
        "authorization__service__municipality",
        "condition",
        "reported_by",
        "handled_by",
    )
    return get_object_or_404(reports, pk=pk)


class DeviationCounts(TypedDict):
    total: int
    by_kind: dict[str, int]
    by_severity: dict[str, int]
    ivo_told: int


def deviation_counts(
    *, municipality_id: int, provider_id: int | None = None, year: int
) -> DeviationCounts:
    """How many deviation reports a municipality's providers (or one
    provider) made about events in `year`: by kind, by severity, and how
    many told IVO. One query, for the annual report and the comparison page."""
    reports = Report.objects.filter(
        kind__in=DEVIATION_KINDS,
        authorization__service__municipality_id=municipality_id,
        occurred_on__year=year,
    )
    if provider_id is not None:
        reports = reports.filter(authorization__provider_id=provider_id)
    counts = {
        f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in DEVIATION_KINDS
    }
    counts |= {
        f"severity_{severity}": Count("pk", filter=Q(severity=severity))
        for severity in Severity.values
    }
    row = reports.aggregate(
        total=Count("pk"), ivo_told=Count("pk", filter=Q(ivo_told=True)), **counts
    )
    return DeviationCounts(
        total=row["total"],
        by_kind={kind.value: row[f"kind_{kind}"] for kind in DEVIATION_KINDS},
        by_severity={s: row[f"severity_{s}"] for s in Severity.values},
        ivo_told=row["ivo_told"],
    )


def overseen_report(*, user, pk: int) -> Report:
    """A self-report of the quality officer's municipalities, to handle; 404
    for what scoping hides."""
    reports = visible(Report.objects.all(), user, Role.QUALITY_OFFICER)
    return get_object_or_404(reports, pk=pk)
