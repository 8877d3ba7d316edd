"""What the annual quality report shows (issue 15 item 7): one provider in
one municipality and year, and the municipality's summary across its
providers, as plain dataclasses the PDF templates render.

A fixed number of queries, whatever the number of customers or visits: the
choices of the year (customers.selectors.choice_year, three), granted
against performed hours per month (vouchers, two a month), staff continuity
per month (one a month), and one aggregate each for complaints, self-reports,
sanctions and survey results. Figures about groups only: no customer and no
complainant is named, so nothing is written to the access log. The caller
checks that whoever gets the report may see it.

Follow-up findings and the provider's quality account are not built yet:
their sections say so ("Uppgift saknas"), each a function here and an
include in templates/followup/report/ to fill in.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone

from authorization.models import (
    REPORTS_NAMING_A_PERSON,
    Authorization,
    Report,
    ReportKind,
    ReportStatus,
    Sanction,
    SanctionKind,
)
from customers.selectors import ChoiceYear, choice_year, year_end
from followup.models import (
    Category,
    Complaint,
    ComplaintStatus,
    Question,
    SurveyKind,
    SurveyResult,
)
from followup.selectors.continuity import (
    NATIONAL,
    WINDOW_DAYS,
    NationalFigure,
    staff_continuity,
    staff_continuity_of_municipality,
)
from followup.selectors.surveys import Figure, survey_minimum, survey_trend
from kundval.models import Municipality
from providers.models import Provider, ProviderKind
from vouchers.calendar import STOCKHOLM
from vouchers.selectors import granted_vs_performed, share_of

TENTH = Decimal("0.1")


class NoSuchReport(LookupError):
    """The provider has never been authorized in the municipality."""


@dataclass(frozen=True)
class Counted:
    label: str
    count: int


@dataclass(frozen=True)
class AuthorizationLine:
    service: str
    valid_from: date
    revoked_from: date | None
    contract_accepted: bool


@dataclass(frozen=True)
class SanctionLine:
    kind: str
    kind_label: str
    service: str
    condition: str
    effective_from: date
    decided_on: date


@dataclass(frozen=True)
class HoursMonth:
    month: date
    granted: Decimal
    performed: Decimal

    @property
    def share(self) -> Decimal | None:
        return share_of(self.performed, self.granted)


@dataclass(frozen=True)
class ContinuityMonth:
    month: date
    customers: int
    median: Decimal | None  # None: no customer counted, or the window not over


@dataclass(frozen=True)
class SurveyLine:
    """One question of one kind: its figure per year of `SurveySection.years`."""

    question: str
    label: str
    figures: list[Figure | None]


@dataclass(frozen=True)
class SurveySection:
    kind: str
    label: str
    years: list[int]
    lines: list[SurveyLine]

    @property
    def overall(self) -> SurveyLine | None:
        return next((x for x in self.lines if x.question == Question.OVERALL), None)


@dataclass(frozen=True)
class Missing:
    """A section other parts of issue 15 fill in: shown as "Uppgift saknas"."""

    available: bool = False


@dataclass
class ProviderReport:
    municipality_name: str
    provider_name: str
    organisation_number: str
    provider_kind: str
    year: int
    made_on: date
    counted_on: date  # the year's end, or today in the running year
    authorizations: list[AuthorizationLine]
    sanctions: list[SanctionLine]
    customers: ChoiceYear
    hours: list[HoursMonth]
    complaints_by_category: list[Counted]
    complaints_by_status: list[Counted]
    complaints_serious: int
    reports_by_kind: list[Counted]
    reports_by_status: list[Counted]
    surveys: list[SurveySection]
    continuity: list[ContinuityMonth]
    national: NationalFigure = field(default=NATIONAL)
    findings: Missing = field(default_factory=Missing)
    quality_account: Missing = field(default_factory=Missing)

    @property
    def authorized_since(self) -> date | None:
        return min((a.valid_from for a in self.authorizations), default=None)

    @property
    def services(self) -> list[str]:
        return sorted({a.service for a in self.authorizations})

    @property
    def hours_granted(self) -> Decimal:
        return sum((m.granted for m in self.hours), Decimal(0))

    @property
    def hours_performed(self) -> Decimal:
        return sum((m.performed for m in self.hours), Decimal(0))

    @property
    def hours_share(self) -> Decimal | None:
        return share_of(self.hours_performed, self.hours_granted)

    @property
    def complaints(self) -> int:
        return sum(c.count for c in self.complaints_by_category)

    @property
    def reports(self) -> int:
        return sum(c.count for c in self.reports_by_kind)

    @property
    def continuity_median(self) -> Decimal | None:
        return median_of([m.median for m in self.continuity])


@dataclass
class SummaryRow:
    provider_id: int
    name: str
    organisation_number: str
    customers: int = 0
    granted: Decimal = Decimal(0)
    performed: Decimal = Decimal(0)
    complaints: int = 0
    deviations: int = 0
    warnings: int = 0
    revocations: int = 0
    overall: Figure | None = None
    overall_kind: str = ""
    continuity: Decimal | None = None

    @property
    def share(self) -> Decimal | None:
        return share_of(self.performed, self.granted)


@dataclass
class MunicipalSummary:
    municipality_name: str
    year: int
    made_on: date
    counted_on: date
    rows: list[SummaryRow]
    total: SummaryRow
    national: NationalFigure = field(default=NATIONAL)


def median_of(values) -> Decimal | None:
    counted = [v for v in values if v is not None]
    if not counted:
        return None
    return Decimal(statistics.median(counted)).quantize(TENTH, ROUND_HALF_UP)


def report_months(year: int) -> list[date]:
    """The months of the year up to its end (today's month in the running
    year)."""
    last = year_end(year)
    return (
        [date(year, m, 1) for m in range(1, last.month + 1)]
        if last.year == year
        else []
    )


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return (
        datetime.combine(date(year, 1, 1), time(0), tzinfo=STOCKHOLM),
        datetime.combine(date(year + 1, 1, 1), time(0), tzinfo=STOCKHOLM),
    )


def _window_over(month: date) -> bool:
    return date.fromordinal(month.toordinal() + WINDOW_DAYS) <= timezone.localdate()


# The provider's report ------------------------------------------------------


def provider_report(
    *, municipality_id: int, provider_id: int, year: int
) -> ProviderReport:
    municipality = Municipality.objects.get(pk=municipality_id)
    provider = Provider.objects.filter(pk=provider_id).first()
    authorizations = _authorizations(municipality_id, provider_id)
    if provider is None or not authorizations:
        raise NoSuchReport(provider_id)
    complaints = _complaints(municipality_id, year).filter(provider_id=provider_id)
    reports = _reports(municipality_id, year).filter(
        authorization__provider=provider_id
    )
    choices = choice_year(
        municipality_id=municipality_id, year=year, provider_id=provider_id
    )
    return ProviderReport(
        municipality_name=municipality.name,
        provider_name=provider.name,
        organisation_number=provider.organisation_number,
        provider_kind=ProviderKind(provider.kind).label,
        year=year,
        made_on=timezone.localdate(),
        counted_on=year_end(year),
        authorizations=authorizations,
        sanctions=_sanctions(municipality_id, provider_id),
        customers=choices.get(provider_id, ChoiceYear(provider_id)),
        hours=_hours(municipality_id, provider_id, year),
        complaints_by_category=_counted(complaints, "category", Category),
        complaints_by_status=_counted(complaints, "status", ComplaintStatus),
        complaints_serious=complaints.filter(serious=True).count(),
        reports_by_kind=_counted(reports, "kind", ReportKind),
        reports_by_status=_counted(reports, "status", ReportStatus),
        surveys=_surveys(municipality_id, provider_id, year),
        continuity=_continuity(provider_id, year),
    )


def _authorizations(municipality_id: int, provider_id: int) -> list[AuthorizationLine]:
    rows = (
        Authorization.objects.filter(
            provider_id=provider_id, service__municipality_id=municipality_id
        )
        .select_related("service")
        .order_by("valid_from", "service__name")
    )
    return [
        AuthorizationLine(
            service=a.service.name,
            valid_from=a.valid_from,
            revoked_from=a.revoked_from,
            contract_accepted=a.contract_accepted_at is not None,
        )
        for a in rows
    ]


def _sanctions(municipality_id: int, provider_id: int) -> list[SanctionLine]:
    """Every warning and revocation of the provider in the municipality, the
    history up to now, oldest first."""
    rows = (
        Sanction.objects.filter(
            authorization__provider_id=provider_id,
            authorization__service__municipality_id=municipality_id,
        )
        .select_related("authorization__service", "condition")
        .order_by("effective_from", "decided_at")
    )
    return [
        SanctionLine(
            kind=s.kind,
            kind_label=SanctionKind(s.kind).label,
            service=s.authorization.service.name,
            condition=s.condition.title,
            effective_from=s.effective_from,
            decided_on=timezone.localtime(s.decided_at).date(),
        )
        for s in rows
    ]


def _complaints(municipality_id: int, year: int):
    """The complaints received in the year. Only counts leave this module:
    never a complainant's name, e-mail, phone or text."""
    start, end = _year_bounds(year)
    return Complaint.objects.filter(
        municipality_id=municipality_id, received_at__gte=start, received_at__lt=end
    )


def _reports(municipality_id: int, year: int):
    return Report.objects.filter(
        authorization__service__municipality_id=municipality_id,
        occurred_on__year=year,
    )


def _counted(queryset, field_name: str, choices) -> list[Counted]:
    """Counts per value of `field_name`, in the order of `choices`, zeros
    included: one query."""
    found = dict(
        queryset.order_by()
        .values_list(field_name)
        .annotate(n=Count("pk"))
        .values_list(field_name, "n")
    )
    return [Counted(label, found.get(value, 0)) for value, label in choices.choices]


def _hours(municipality_id: int, provider_id: int, year: int) -> list[HoursMonth]:
    months = []
    for month in report_months(year):
        figures = granted_vs_performed(
            municipality_id=municipality_id, month=month, provider_id=provider_id
        )
        total = next(
            (t for t in figures.providers if t.provider_id == provider_id), None
        )
        months.append(
            HoursMonth(
                month=month,
                granted=total.granted if total else Decimal(0),
                performed=total.performed if total else Decimal(0),
            )
        )
    return months


def _surveys(municipality_id: int, provider_id: int, year: int) -> list[SurveySection]:
    """The provider's survey results up to the year, per kind, with a column
    per year: a result under the minimum is a Figure without a value."""
    trend = survey_trend(municipality_id=municipality_id, provider_id=provider_id)
    sections = []
    for kind, label in SurveyKind.choices:
        by_question = trend.get(kind, {})
        years = sorted(
            {y for points in by_question.values() for y, _f in points if y <= year}
        )
        if not years:
            continue
        lines = []
        for question, question_label in Question.choices:
            points = dict(by_question.get(question, []))
            if points:
                lines.append(
                    SurveyLine(question, question_label, [points.get(y) for y in years])
                )
        sections.append(SurveySection(kind=kind, label=label, years=years, lines=lines))
    return sections


def _continuity(provider_id: int, year: int) -> list[ContinuityMonth]:
    """The provider's staff continuity per month (over the municipalities it
    serves: the selector's cheap per-provider read), none before the month's
    14-day window is over."""
    months = []
    for month in report_months(year):
        if not _window_over(month):
            months.append(ContinuityMonth(month, 0, None))
            continue
        found = staff_continuity(provider_id=provider_id, month=month)
        months.append(ContinuityMonth(month, found.customers, found.median))
    return months


# The municipal summary --------------------------------------------------------


def municipal_summary(*, municipality_id: int, year: int) -> MunicipalSummary:
    municipality = Municipality.objects.get(pk=municipality_id)
    rows = _summary_rows(municipality_id, year)
    _add_choices(rows, municipality_id, year)
    _add_hours(rows, municipality_id, year)
    _add_counts(rows, municipality_id, year)
    _add_overall(rows, municipality_id, year)
    _add_continuity(rows, municipality_id, year)
    ordered = sorted(rows.values(), key=lambda r: (r.name, r.provider_id))
    return MunicipalSummary(
        municipality_name=municipality.name,
        year=year,
        made_on=timezone.localdate(),
        counted_on=year_end(year),
        rows=ordered,
        total=_total(ordered),
    )


def _summary_rows(municipality_id: int, year: int) -> dict[int, SummaryRow]:
    """Every provider authorized in the municipality at some time in the
    year (contract accepted)."""
    in_year = Authorization.objects.filter(
        service__municipality_id=municipality_id,
        contract_accepted_at__isnull=False,
        valid_from__lte=date(year, 12, 31),
    ).filter(Q(revoked_from__isnull=True) | Q(revoked_from__gt=date(year, 1, 1)))
    providers = Provider.objects.filter(pk__in=in_year.values("provider")).values_list(
        "pk", "name", "organisation_number"
    )
    return {pk: SummaryRow(pk, name, number) for pk, name, number in providers}


def _add_choices(rows, municipality_id, year) -> None:
    for pk, found in choice_year(municipality_id=municipality_id, year=year).items():
        if pk in rows:
            rows[pk].customers = found.customers


def _add_hours(rows, municipality_id, year) -> None:
    for month in report_months(year):
        figures = granted_vs_performed(municipality_id=municipality_id, month=month)
        for total in figures.providers:
            if total.provider_id in rows:
                rows[total.provider_id].granted += total.granted
                rows[total.provider_id].performed += total.performed


def _add_counts(rows, municipality_id, year) -> None:
    complaints = _complaints(municipality_id, year).filter(provider__isnull=False)
    for pk, n in complaints.order_by().values_list("provider").annotate(n=Count("pk")):
        if pk in rows:
            rows[pk].complaints = n
    deviations = _reports(municipality_id, year).exclude(
        kind__in=REPORTS_NAMING_A_PERSON
    )
    for pk, n in (
        deviations.order_by()
        .values_list("authorization__provider")
        .annotate(n=Count("pk"))
    ):
        if pk in rows:
            rows[pk].deviations = n
    sanctions = Sanction.objects.filter(
        authorization__service__municipality_id=municipality_id,
        effective_from__year=year,
    )
    for pk, kind, n in (
        sanctions.order_by()
        .values_list("authorization__provider", "kind")
        .annotate(n=Count("pk"))
    ):
        if pk in rows and kind == SanctionKind.WARNING:
            rows[pk].warnings = n
        elif pk in rows and kind == SanctionKind.REVOCATION:
            rows[pk].revocations = n


def _add_overall(rows, municipality_id, year) -> None:
    """The overall question of the year: the national survey's share
    positive, or else the municipality's own mean; hidden under the minimum."""
    minimum = survey_minimum(municipality_id)
    results = SurveyResult.objects.filter(
        survey__municipality_id=municipality_id,
        survey__year=year,
        question=Question.OVERALL,
    ).values_list("provider", "survey__kind", "share_positive", "mean", "answered")
    preferred = [SurveyKind.NATIONAL, SurveyKind.OWN]
    found = defaultdict(dict)
    for pk, kind, share, mean, answered in results:
        value = share if mean is None else mean
        found[pk][kind] = Figure(value if answered >= minimum else None, answered)
    for pk, by_kind in found.items():
        kind = next(k for k in preferred if k in by_kind)
        if pk in rows:
            rows[pk].overall, rows[pk].overall_kind = by_kind[kind], kind


def _add_continuity(rows, municipality_id, year) -> None:
    """The median of each provider's monthly medians in the municipality."""
    medians: dict[int, list] = defaultdict(list)
    for month in report_months(year):
        if not _window_over(month):
            continue
        found = staff_continuity_of_municipality(
            municipality_id=municipality_id, month=month
        )
        for pk, continuity in found.items():
            medians[pk].append(continuity.median)
    for pk, values in medians.items():
        if pk in rows:
            rows[pk].continuity = median_of(values)


def _total(rows: list[SummaryRow]) -> SummaryRow:
    total = SummaryRow(0, "", "")
    counts = Counter()
    for row in rows:
        total.granted += row.granted
        total.performed += row.performed
        counts.update(
            customers=row.customers,
            complaints=row.complaints,
            deviations=row.deviations,
            warnings=row.warnings,
            revocations=row.revocations,
        )
    for name, n in counts.items():
        setattr(total, name, n)
    return total
