"""What the annual quality report shows (issue 15 item 7): one provider in
one municipality and year, and the municipality's summary across its
providers, as plain dataclasses the PDF templates render.

A fixed number of queries, whatever the number of customers or visits: the
choices of the year (customers.selectors.choice_year, three), granted
against performed hours per month (vouchers, two a month), staff continuity
per month (one a month), and one aggregate each for complaints, self-reports,
sanctions and survey results, deviations by kind and severity
(authorization's `deviation_counts`), the year's follow-ups with their
conditions not met and measures (three), and the accepted quality account
(one). Figures about groups only: no customer and no complainant is named,
so nothing is written to the access log. The caller checks that whoever gets
the report may see it.

Free text that may name a person stays out: what a deviation was about, a
finding's note and a measure's text (the quality unit's wording, but not
checked for a personnummer). The quality account's improvements and goals
are the provider's own account to the municipality, and are shown.
"""

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dates import MONTHS

from authorization.models import (
    DEVIATION_KINDS,
    SERIOUS_REPORT,
    Authorization,
    Report,
    ReportKind,
    ReportStatus,
    Sanction,
    SanctionKind,
    Severity,
)
from authorization.selectors import deviation_counts
from customers.selectors import ChoiceYear, choice_year, year_end
from followup.models import (
    AccountStatus,
    Category,
    Complaint,
    ComplaintStatus,
    Finding,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    Measure,
    Outcome,
    QualityAccount,
    Question,
    SurveyKind,
    SurveyResult,
)
from followup.selectors.accounts import quality_account_of
from followup.selectors.continuity import (
    NATIONAL,
    WINDOW_DAYS,
    NationalFigure,
    staff_continuity,
    staff_continuity_of_municipality,
)
from followup.selectors.follow_ups import DONE, follow_up_summary
from followup.selectors.surveys import Figure, survey_minimum, survey_trend
from kundval.models import Municipality
from providers.models import Provider, ProviderKind
from vouchers.calendar import STOCKHOLM
from vouchers.selectors import granted_performed_by_month, share_of

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
class Deviations:
    """The year's deviation reports (deviation, lex Sarah, fault, serious
    complaint) as `deviation_counts` counts them."""

    total: int
    by_kind: list[Counted]
    by_severity: list[Counted]
    lex_sarah: int
    ivo_told: int


@dataclass(frozen=True)
class FollowUpLine:
    kind: str
    kind_label: str
    month: str
    status_label: str
    conducted_on: date | None
    met: int
    not_met: int
    remarks: int
    measures_open: int
    measures_answered: int
    warnings: int
    revocations: int

    @property
    def measures(self) -> int:
        return self.measures_open + self.measures_answered

    @property
    def done(self) -> bool:
        """Carried out and its findings sent: until then the findings are
        the quality unit's draft, shown as a dash."""
        return self.conducted_on is not None


@dataclass(frozen=True)
class BreachLine:
    """A condition a follow-up found not met, and the sanction it led to.
    The finding's note is left out (free text, see the module's doc)."""

    follow_up: str
    conducted_on: date | None
    condition: str
    sanction_label: str


@dataclass(frozen=True)
class MeasureLine:
    """A measure the provider was to take: when by, and whether answered.
    Its text is left out, like the finding's note."""

    follow_up: str
    due_on: date
    answered_on: date | None

    @property
    def overdue(self) -> bool:
        return self.answered_on is None and self.due_on < timezone.localdate()


@dataclass(frozen=True)
class AccountFigures:
    """The provider's accepted quality account of the year."""

    assistant_nurse_share: Decimal
    staff_turnover: Decimal
    staff_count: int
    complaints_received: int
    complaints_handled: int
    improvements: str
    goals: str
    accepted_on: date | None


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
    deviations: Deviations
    follow_ups: list[FollowUpLine]
    breaches: list[BreachLine]
    measures: list[MeasureLine]
    quality_account: AccountFigures | None
    national: NationalFigure = field(default=NATIONAL)

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
    serious_deviations: int = 0
    follow_ups_done: int = 0
    not_met: int = 0
    account: str = ""  # the account's state; "" when none is filed
    accepted_accounts: int = 0  # 1 for an accepted account; totalled
    warnings: int = 0
    revocations: int = 0
    overall: Figure | None = None
    overall_kind: str = ""
    continuity: Decimal | None = None

    @property
    def share(self) -> Decimal | None:
        return share_of(self.performed, self.granted)

    @property
    def account_label(self) -> str:
        return AccountStatus(self.account).label if self.account else ""


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
        deviations=_deviations(municipality_id, provider_id, year),
        follow_ups=_follow_ups(municipality_id, provider_id, year),
        breaches=_breaches(municipality_id, provider_id, year),
        measures=_measures(municipality_id, provider_id, year),
        quality_account=_account(municipality_id, provider_id, year),
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


def _deviations(municipality_id: int, provider_id: int, year: int) -> Deviations:
    counts = deviation_counts(
        municipality_id=municipality_id, provider_id=provider_id, year=year
    )
    return Deviations(
        total=counts["total"],
        by_kind=[
            Counted(ReportKind(k).label, counts["by_kind"][k]) for k in DEVIATION_KINDS
        ],
        by_severity=[
            Counted(label, counts["by_severity"][value])
            for value, label in Severity.choices
        ],
        lex_sarah=counts["by_kind"][ReportKind.LEX_SARAH],
        ivo_told=counts["ivo_told"],
    )


def _follow_ups(municipality_id: int, provider_id: int, year: int) -> list:
    return [
        FollowUpLine(
            kind=row["kind"],
            kind_label=FollowUpKind(row["kind"]).label,
            month=MONTHS[row["month"]],
            status_label=FollowUpStatus(row["status"]).label,
            conducted_on=row["conducted_on"] if row["status"] in DONE else None,
            met=row["met"],
            not_met=row["not_met"],
            remarks=row["remarks"],
            measures_open=row["measures_open"],
            measures_answered=row["measures_answered"],
            warnings=row["warnings"],
            revocations=row["revocations"],
        )
        for row in follow_up_summary(
            municipality_id=municipality_id, provider_id=provider_id, year=year
        )
    ]


def _of_year(model, prefix: str, municipality_id: int, provider_id: int, year: int):
    return model.objects.filter(
        **{
            f"{prefix}municipality_id": municipality_id,
            f"{prefix}authorization__provider_id": provider_id,
            f"{prefix}year": year,
        }
    )


def _breaches(municipality_id: int, provider_id: int, year: int) -> list:
    """The conditions the year's follow-ups found not met: only what the
    provider was told (findings sent), never the note."""
    findings = _of_year(Finding, "follow_up__", municipality_id, provider_id, year)
    rows = (
        findings.filter(outcome=Outcome.NOT_MET, follow_up__status__in=DONE)
        .order_by("follow_up__month", "follow_up", "condition__position")
        .values_list(
            "follow_up__kind",
            "follow_up__conducted_on",
            "condition__title",
            "sanction__kind",
        )
    )
    return [
        BreachLine(
            follow_up=FollowUpKind(kind).label,
            conducted_on=conducted_on,
            condition=title,
            sanction_label=SanctionKind(sanction).label if sanction else "",
        )
        for kind, conducted_on, title, sanction in rows
    ]


def _measures(municipality_id: int, provider_id: int, year: int) -> list:
    measures = _of_year(Measure, "follow_up__", municipality_id, provider_id, year)
    rows = (
        measures.filter(follow_up__status__in=DONE)
        .order_by("due_on", "pk")
        .values_list("follow_up__kind", "due_on", "answered_at")
    )
    return [
        MeasureLine(
            follow_up=FollowUpKind(kind).label,
            due_on=due_on,
            answered_on=timezone.localtime(answered).date() if answered else None,
        )
        for kind, due_on, answered in rows
    ]


def _account(municipality_id: int, provider_id: int, year: int):
    account = quality_account_of(
        municipality_id=municipality_id, provider_id=provider_id, year=year
    )
    if account is None:
        return None
    return AccountFigures(
        assistant_nurse_share=account.assistant_nurse_share,
        staff_turnover=account.staff_turnover,
        staff_count=account.staff_count,
        complaints_received=account.complaints_received,
        complaints_handled=account.complaints_handled,
        improvements=account.improvements,
        goals=account.goals,
        accepted_on=(
            timezone.localtime(account.decided_at).date()
            if account.decided_at
            else None
        ),
    )


def _hours(municipality_id: int, provider_id: int, year: int) -> list[HoursMonth]:
    found = granted_performed_by_month(
        municipality_id=municipality_id, year=year, provider_id=provider_id
    )
    nothing = (Decimal(0), Decimal(0))
    return [
        HoursMonth(month, *found.get((provider_id, month), nothing))
        for month in _ended_months(year)
    ]


def _ended_months(year: int) -> list[date]:
    """The months of the year that have ended: a running month's visits are
    still being reported, so its performed hours would look short."""
    today = timezone.localdate()
    return [
        m for m in report_months(year) if (m.year, m.month) < (today.year, today.month)
    ]


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
    _add_follow_ups(rows, municipality_id, year)
    _add_accounts(rows, municipality_id, year)
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
    months = set(_ended_months(year))
    found = granted_performed_by_month(municipality_id=municipality_id, year=year)
    for (pk, month), (granted, performed) in found.items():
        if pk in rows and month in months:
            rows[pk].granted += granted
            rows[pk].performed += performed


def _add_counts(rows, municipality_id, year) -> None:
    complaints = _complaints(municipality_id, year).filter(provider__isnull=False)
    for pk, n in complaints.order_by().values_list("provider").annotate(n=Count("pk")):
        if pk in rows:
            rows[pk].complaints = n
    # The rule of authorization's deviation_counts, per provider in one query.
    deviations = _reports(municipality_id, year).filter(kind__in=DEVIATION_KINDS)
    for pk, n, serious in (
        deviations.order_by()
        .values_list("authorization__provider")
        .annotate(n=Count("pk"), serious=Count("pk", filter=SERIOUS_REPORT))
        .values_list("authorization__provider", "n", "serious")
    ):
        if pk in rows:
            rows[pk].deviations, rows[pk].serious_deviations = n, serious
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


def _add_follow_ups(rows, municipality_id, year) -> None:
    """Follow-ups done in the year's plan (findings sent), and the
    conditions they found not met."""
    follow_ups = FollowUp.objects.filter(
        municipality_id=municipality_id, year=year, status__in=DONE
    )
    for pk, n in (
        follow_ups.order_by()
        .values_list("authorization__provider")
        .annotate(n=Count("pk"))
    ):
        if pk in rows:
            rows[pk].follow_ups_done = n
    findings = Finding.objects.filter(follow_up__in=follow_ups, outcome=Outcome.NOT_MET)
    for pk, n in (
        findings.order_by()
        .values_list("follow_up__authorization__provider")
        .annotate(n=Count("pk"))
    ):
        if pk in rows:
            rows[pk].not_met = n


def _add_accounts(rows, municipality_id, year) -> None:
    """The state of each provider's quality account of the year; a draft is
    the provider's own work and counts as none filed."""
    accounts = QualityAccount.objects.filter(
        municipality_id=municipality_id, year=year
    ).exclude(status=AccountStatus.DRAFT)
    for pk, status in accounts.values_list("provider", "status"):
        if pk in rows:
            rows[pk].account = status


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
            serious_deviations=row.serious_deviations,
            follow_ups_done=row.follow_ups_done,
            not_met=row.not_met,
            accepted_accounts=int(row.account == AccountStatus.ACCEPTED),
            warnings=row.warnings,
            revocations=row.revocations,
        )
    for name, n in counts.items():
        setattr(total, name, n)
    return total
