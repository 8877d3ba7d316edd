"""Reads of announcements and conditions."""

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from authorization.models import (
    Announcement,
    Authorization,
    Condition,
    Manager,
    ReportKind,
    ReportStatus,
    WorkKind,
)
from authorization.qualification import Period, Requirement, manager_requirements


def announcements_published() -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(published_at__isnull=False)
        .select_related("service__municipality")
        .prefetch_related("areas")
    )


def conditions_of(announcement: Announcement) -> QuerySet[Condition]:
    """The general conditions of its municipality, then those of its service."""
    service = announcement.service
    return Condition.objects.filter(
        Q(municipality=service.municipality_id, service__isnull=True)
        | Q(service=service)
    ).order_by(F("service").asc(nulls_first=True), "position")


def authorizations_in_force(on: date | None = None) -> QuerySet[Authorization]:
    """Contract accepted, started, and not revoked on the day `on` (today)."""
    day = on or timezone.localdate()
    return Authorization.objects.filter(
        contract_accepted_at__isnull=False, valid_from__lte=day
    ).filter(Q(revoked_from__isnull=True) | Q(revoked_from__gt=day))


def manager_qualification(manager: Manager, *, as_of: date) -> list[Requirement]:
    """Each requirement of the manager condition, met or not, with figures."""
    periods = {kind: [] for kind in WorkKind.values}
    for period in manager.periods.all():
        periods[period.kind].append(Period(period.start, period.end, period.percent))
    return manager_requirements(
        care_work=periods[WorkKind.CARE_WORK],
        supervising=periods[WorkKind.SUPERVISING],
        education_years=manager.education_years,
        yh_credits=manager.yh_credits,
        education_abroad=manager.education_abroad,
        validated_by_uhr=manager.validated_by_uhr,
        fluent_swedish=manager.fluent_swedish,
        as_of=as_of,
    )


def people_in_charge(authorization: Authorization) -> list[Manager]:
    """The manager and substitute now: those of the application, unless a
    later self-report replaced them (a new manager only once approved)."""
    accepted = Manager.objects.filter(report__authorization=authorization).filter(
        Q(report__kind=ReportKind.NEW_MANAGER, report__status=ReportStatus.APPROVED)
        | Q(report__kind=ReportKind.SUBSTITUTE)
        & ~Q(report__status=ReportStatus.REJECTED)
    )
    current = {m.role: m for m in authorization.application.managers.all()}
    for manager in accepted.order_by("report__reported_at"):
        current[manager.role] = manager
    return sorted(current.values(), key=lambda m: m.role)
