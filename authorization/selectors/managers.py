"""Reads of the people in charge: a manager's qualification, and who is in
charge of an authorization now."""

from datetime import date

from django.db.models import Q

from authorization.models import (
    Authorization,
    Manager,
    ReportKind,
    ReportStatus,
    WorkKind,
)
from authorization.qualification import Period, Requirement, manager_requirements


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
