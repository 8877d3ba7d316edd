"""Reads of follow-up plans: the quality unit's plan of a year month by
month (done and overdue), one follow-up with its findings and measures, the
provider's own follow-ups once their findings are sent, and the summary per
provider and year for the annual report and the comparison page."""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dates import MONTHS

from authorization.models import Authorization, SanctionKind
from authorization.selectors import conditions_of
from followup.models import (
    Complaint,
    Finding,
    FollowUp,
    FollowUpStatus,
    Measure,
    Outcome,
)
from kundval.models import Role
from kundval.scoping import visible

S = FollowUpStatus
QUALITY = Role.QUALITY_OFFICER
# A follow-up is done once it has been carried out and its findings sent.
DONE = [S.FINDINGS_SENT, S.ANSWERED, S.CLOSED]
NOT_DONE = [S.PLANNED, S.IN_PROGRESS]
_RELATED = (
    "municipality",
    "authorization__provider",
    "authorization__service",
    "complaint",
)


def month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def is_overdue(follow_up: FollowUp, today: date | None = None) -> bool:
    """Not carried out by the end of its planned month."""
    today = today or timezone.localdate()
    return (
        follow_up.status in NOT_DONE
        and month_end(follow_up.year, follow_up.month) < today
    )


@dataclass
class PlanMonth:
    month: int
    follow_ups: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return MONTHS[self.month]


@dataclass
class Plan:
    year: int
    months: list[PlanMonth]
    planned: int
    done: int
    overdue: int


def follow_up_plan_of(*, user, municipality_id: int, year: int) -> Plan:
    """The municipality's plan of `year`, month by month; each follow-up
    carries `overdue`. Two queries, however many follow-ups."""
    follow_ups = visible(FollowUp.objects.all(), user, QUALITY).filter(
        municipality_id=municipality_id, year=year
    )
    today = timezone.localdate()
    months = [PlanMonth(month=m) for m in range(1, 13)]
    rows = list(
        follow_ups.select_related(*_RELATED).order_by(
            "month", "authorization__provider__name", "pk"
        )
    )
    for follow_up in rows:
        follow_up.overdue = is_overdue(follow_up, today)
        months[follow_up.month - 1].follow_ups.append(follow_up)
    return Plan(
        year=year,
        months=months,
        planned=len(rows),
        done=sum(f.status in DONE for f in rows),
        overdue=sum(f.overdue for f in rows),
    )


def authorizations_to_follow_up(*, user, municipality_id: int | None = None):
    """The authorizations a quality officer may plan follow-ups of."""
    found = visible(Authorization.objects.all(), user, QUALITY).filter(
        revoked_from__isnull=True
    )
    if municipality_id is not None:
        found = found.filter(service__municipality_id=municipality_id)
    return found.select_related(
        "provider", "service", "service__municipality"
    ).order_by("service__municipality__name", "provider__name", "service__name")


def complaints_to_review(*, user) -> QuerySet[Complaint]:
    """Complaints about a provider a review on complaint may link."""
    complaints = visible(Complaint.objects.all(), user, QUALITY)
    return complaints.filter(provider__isnull=False).defer("name", "email", "phone")


def follow_up_for_quality(*, user, pk: int) -> FollowUp:
    follow_ups = visible(FollowUp.objects.all(), user, QUALITY)
    follow_up = get_object_or_404(
        follow_ups.select_related(
            *_RELATED, "authorization__application__announcement"
        ),
        pk=pk,
    )
    follow_up.overdue = is_overdue(follow_up)
    return follow_up


def follow_ups_for_provider(*, user) -> QuerySet[FollowUp]:
    """The provider's follow-ups whose findings have been sent, newest first."""
    follow_ups = visible(FollowUp.objects.all(), user, Role.PROVIDER_USER)
    return follow_ups.select_related(*_RELATED).order_by("-findings_sent_at", "-pk")


def follow_up_for_provider(*, user, pk: int) -> FollowUp:
    follow_ups = visible(FollowUp.objects.all(), user, Role.PROVIDER_USER)
    return get_object_or_404(follow_ups.select_related(*_RELATED), pk=pk)


def measure_for_provider(*, user, pk: int) -> Measure:
    measures = visible(Measure.objects.all(), user, Role.PROVIDER_USER)
    return get_object_or_404(
        measures.select_related(
            "follow_up__authorization__provider", "follow_up__authorization__service"
        ),
        pk=pk,
    )


def measure_for_quality(*, user, pk: int) -> Measure:
    measures = visible(Measure.objects.all(), user, QUALITY)
    return get_object_or_404(measures.select_related("follow_up"), pk=pk)


def finding_for_quality(*, user, pk: int) -> Finding:
    findings = visible(Finding.objects.all(), user, QUALITY)
    return get_object_or_404(findings.select_related("follow_up", "condition"), pk=pk)


def findings_of(follow_up: FollowUp) -> list[Finding]:
    return list(
        follow_up.findings.select_related("condition", "sanction").order_by(
            "condition__service", "condition__position"
        )
    )


def conditions_with_findings(follow_up: FollowUp) -> list[tuple]:
    """Each condition of the provider's call with its finding, or None."""
    findings = {f.condition_id: f for f in findings_of(follow_up)}
    conditions = conditions_of(follow_up.authorization.application.announcement)
    return [(condition, findings.get(condition.pk)) for condition in conditions]


def _not_met(prefix: str = "") -> Q:
    return Q(**{f"{prefix}findings__outcome": Outcome.NOT_MET})


def follow_up_summary(*, municipality_id: int, provider_id: int, year: int) -> list:
    """The provider's follow-ups in the municipality that year (for the
    annual report and the comparison page): kind, planned month, date
    carried out, counts of met / not met / remark, measures open and
    answered, and the sanctions they led to. One query."""
    distinct = {"distinct": True}
    rows = (
        FollowUp.objects.filter(
            municipality_id=municipality_id,
            authorization__provider_id=provider_id,
            year=year,
        )
        .annotate(
            met=Count("findings", filter=Q(findings__outcome=Outcome.MET), **distinct),
            not_met=Count("findings", filter=_not_met(), **distinct),
            remarks=Count(
                "findings", filter=Q(findings__outcome=Outcome.REMARK), **distinct
            ),
            measures_open=Count(
                "measures", filter=Q(measures__answered_at__isnull=True), **distinct
            ),
            measures_answered=Count(
                "measures", filter=Q(measures__answered_at__isnull=False), **distinct
            ),
            warnings=Count(
                "findings",
                filter=Q(findings__sanction__kind=SanctionKind.WARNING),
                **distinct,
            ),
            revocations=Count(
                "findings",
                filter=Q(findings__sanction__kind=SanctionKind.REVOCATION),
                **distinct,
            ),
        )
        .order_by("month", "pk")
    )
    fields = [
        "pk", "kind", "status", "month", "conducted_on", "met", "not_met",
        "remarks", "measures_open", "measures_answered", "warnings", "revocations",
    ]  # fmt: skip
    return list(rows.values(*fields))
