"""A small world where every route's sample arguments name real rows.

One municipality with each municipal role, one authorized provider with a
user, a customer with a decision, an accepted choice, visits last month, a
settlement and a fee statement, a document and a deviation report. Before
building, align_sequences sets every table's id sequence to WORLD_PK, so the
first row of each table has that id and one `pk` sample resolves every
`<int:pk>` route.
"""

from datetime import timedelta
from decimal import Decimal

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from authorization.models import Document, DocumentKind, ReportKind
from authorization.services.oversight import report_file
from customers.models import ChoiceStatus, DecisionStatus
from customers.services import (
    choice_record,
    choice_transition,
    customer_register,
    decision_register,
    decision_transition,
)
from followup.models import Category, ComplaintStatus, SurveyKind
from followup.services import (
    Filing,
    complaint_assign,
    complaint_file,
    complaint_transition,
    survey_columns,
    survey_import_csv,
)
from kundval.models import Role
from tests.authorization.conftest import PDF_BYTES
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ServiceFactory,
    authorize,
    member,
    provider_user,
)
from tests.vouchers.conftest import at, visit_row
from vouchers.demo import NACKA_BANDS, TROSA_SUPPLEMENTS, calendar_load, tariff_load
from vouchers.models import FeeSchedule, Settlement, SettlementStatus
from vouchers.services.fees import fee_statements_run
from vouchers.services.settlement_review import settlement_transition
from vouchers.settlement.run import settlement_run

WORLD_PK = 4_200_000
OUR_APPS = (
    "kundval",
    "customers",
    "vouchers",
    "authorization",
    "providers",
    "followup",
)
CUSTOMER_NAME = "Vandra Stigsdotter"
IDENTITY_NUMBER = "19121212-1212"
# Health data of the decision: an answer that shows only it still reads her.
REASONS = "Behöver stöd vid promenader efter höftoperation."


def our_tables() -> list[str]:
    """The tables of our own models (not Django's, not third parties')."""
    return [
        model._meta.db_table
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.proxy
    ]


def _sequences() -> list[str]:
    with connection.cursor() as cursor:
        names = []
        for table in our_tables():
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            names += [name for (name,) in cursor.fetchall() if name]
        return names


def align_sequences() -> dict[str, tuple[int, bool]]:
    """Set every id sequence of ours to WORLD_PK; returns their old state for
    restore_sequences (sequences ignore rollbacks, and other tests that give
    one table's id to another's row must not meet equal sequences)."""
    saved = {}
    with connection.cursor() as cursor:
        for sequence in _sequences():
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            saved[sequence] = cursor.fetchone()
            cursor.execute("SELECT setval(%s, %s, false)", [sequence, WORLD_PK])
    return saved


def restore_sequences(saved: dict[str, tuple[int, bool]]) -> None:
    with connection.cursor() as cursor:
        for sequence, (value, called) in saved.items():
            cursor.execute("SELECT setval(%s, %s, %s)", [sequence, value, called])


def build_world() -> dict:
    """The world; call align_sequences first so one pk names every row."""
    town = MunicipalityFactory(name="Vandringe", slug="vandringe")
    service = ServiceFactory(municipality=town)
    area = AreaFactory(municipality=town, name="Vandringe centrum")
    year_ago = timezone.localdate() - timedelta(days=365)
    calendar_load(town)
    tariff = tariff_load(service, "Hemtjänst", NACKA_BANDS, TROSA_SUPPLEMENTS)
    tariff.valid_from = year_ago.replace(month=1, day=1)
    tariff.save()
    FeeSchedule.objects.create(
        municipality=town, valid_from=tariff.valid_from, hourly_fee=350
    )
    # The provider shares the municipality's slug: one `slug` sample for both.
    provider = ProviderFactory(name="Stigfinnarna AB", slug=town.slug)
    authorization = authorize(provider, service, [area], valid_from=year_ago)
    world = {
        "municipality": town,
        "provider": provider,
        Role.ADMINISTRATOR: member(Role.ADMINISTRATOR, town),
        Role.CASE_OFFICER: member(Role.CASE_OFFICER, town),
        Role.FINANCE_OFFICER: member(Role.FINANCE_OFFICER, town),
        Role.QUALITY_OFFICER: member(Role.QUALITY_OFFICER, town),
        Role.PROVIDER_USER: provider_user(provider),
        "service": service,
        "officer": None,
    }
    world["officer"] = world[Role.CASE_OFFICER]
    _paperwork(world, authorization)
    _customer(world, area, year_ago)
    _complaint(world)
    _survey(world)
    _quality_account(world)
    _follow_up(world)
    _quality_report(world)
    return world


def _complaint(world: dict) -> None:
    """A complaint with contact details, assigned and under investigation, so
    its handler and the provider both see it and the provider may answer."""
    complaint = complaint_file(
        filing=Filing(
            municipality=world["municipality"],
            provider_id=world["provider"].pk,
            about_municipality=False,
            category=Category.TIMES,
            text="Hemtjänsten kom för sent.",
            name="Greta Klagande",
            email="greta@example.se",
        ),
        submission_key="0" * 32,
        address="192.0.2.1",
    )
    quality = world[Role.QUALITY_OFFICER]
    complaint_assign(user=quality, complaint=complaint, handler=quality)
    complaint_transition(
        user=quality, complaint=complaint, to=ComplaintStatus.INVESTIGATING
    )


def _survey(world: dict) -> None:
    """Last year's national survey, so the result page has a row."""
    number = world["provider"].organisation_number
    header = ";".join(survey_columns(SurveyKind.NATIONAL))
    text = f"{header}\n{number};overall;85;40\n"
    result = survey_import_csv(
        user=world[Role.QUALITY_OFFICER],
        municipality=world["municipality"],
        year=timezone.localdate().year - 1,
        kind=SurveyKind.NATIONAL,
        file=SimpleUploadedFile("enkat.csv", text.encode()),
    )
    assert result.ok, result.errors


def _paperwork(world: dict, authorization) -> None:
    """A document with the application and a deviation report."""
    document = Document(
        provider=world["provider"],
        municipality=world["municipality"],
        application=authorization.application,
        kind=DocumentKind.EVIDENCE,
        name="intyg.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=world[Role.PROVIDER_USER],
    )
    document.file.save("intyg.pdf", ContentFile(PDF_BYTES))
    report_file(
        user=world[Role.PROVIDER_USER],
        authorization=authorization,
        kind=ReportKind.DEVIATION,
        occurred_on=timezone.localdate(),
        text="Ett besök blev försenat.",
        severity="low",
        measures="Reservbil bokad.",
    )


def _customer(world: dict, area, year_ago) -> None:
    """The customer, decided and served; visits last month, settled and billed."""
    officer = world["officer"]
    town = world["municipality"]
    customer = customer_register(
        user=officer,
        municipality=town,
        identity_number=IDENTITY_NUMBER,
        name=CUSTOMER_NAME,
        area=area,
    )
    decision = decision_register(
        user=officer,
        customer=customer,
        service=world["service"],
        hours_per_month=Decimal("20"),
        starts_on=year_ago,
        reasons=REASONS,
    )
    decision = decision_transition(
        user=officer, decision=decision, to=DecisionStatus.DECIDED
    )
    choice = choice_record(
        user=officer,
        decision=decision,
        provider=world["provider"],
        starts_on=year_ago,
    )
    choice_transition(
        user=world[Role.PROVIDER_USER], choice=choice, to=ChoiceStatus.ACCEPTED
    )
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(
        day=1
    )
    for day in (3, 4):
        starts = at(last_month.year, last_month.month, day, 9)
        visit_row(choice, starts, starts + timedelta(hours=1))
    settlement_run(municipality_id=town.pk, month=last_month)
    # Approved, so the month page offers the export and the walk downloads it.
    settlement_transition(
        user=world[Role.FINANCE_OFFICER],
        settlement=Settlement.objects.get(municipality=town, month=last_month),
        to=SettlementStatus.APPROVED,
    )
    fee_statements_run(municipality=town, month=last_month)
    world.update(customer=customer, decision=decision, choice=choice)
    world["month"] = last_month


def _quality_account(world: dict) -> None:
    """Last year's quality account, submitted: the provider's page shows it,
    the quality unit's has the forms to accept or return it."""
    from followup.models import AccountStatus, QualityAccount
    from followup.selectors.accounts import account_year

    QualityAccount.objects.create(
        pk=WORLD_PK,
        provider=world["provider"],
        municipality=world["municipality"],
        year=account_year(),
        status=AccountStatus.SUBMITTED,
        assistant_nurse_share=Decimal("70.0"),
        staff_turnover=Decimal("15.5"),
        staff_count=12,
        complaints_received=2,
        complaints_handled=2,
        submitted_by=world[Role.PROVIDER_USER],
        submitted_at=timezone.now(),
    )


def _follow_up(world: dict) -> None:
    """A review of the world's complaint with its findings sent: a condition
    not met (no sanction yet, so the sanction form shows) and an open
    measure, so the provider sees it and may answer."""
    from authorization.models import Authorization, Condition, OnBreach
    from followup.models import Complaint, FollowUpKind, FollowUpStatus, Outcome
    from followup.services.follow_ups import (
        finding_record,
        follow_up_plan,
        follow_up_transition,
        measure_add,
    )

    quality = world[Role.QUALITY_OFFICER]
    condition = Condition.objects.create(
        municipality=world["municipality"],
        code="nycklar",
        title="Nyckelhantering",
        text="Anordnaren har en rutin för nycklar.",
        checked_at_follow_up=True,
        sanction=OnBreach.WARNING_OR_REVOCATION,
    )
    today = timezone.localdate()
    follow_up = follow_up_plan(
        user=quality,
        authorization=Authorization.objects.get(provider=world["provider"]),
        year=today.year,
        month=today.month,
        kind=FollowUpKind.COMPLAINT_REVIEW,
        complaint=Complaint.objects.get(provider=world["provider"]),
    )
    follow_up_transition(
        user=quality, follow_up=follow_up, to=FollowUpStatus.IN_PROGRESS
    )
    finding_record(
        user=quality,
        follow_up=follow_up,
        condition_id=condition.pk,
        outcome=Outcome.NOT_MET,
        note="Ingen nyckelrutin vid besöket.",
    )
    measure_add(
        user=quality, follow_up=follow_up, text="Inför en nyckelrutin.", due_on=today
    )
    follow_up_transition(
        user=quality, follow_up=follow_up, to=FollowUpStatus.FINDINGS_SENT
    )


def _quality_report(world: dict) -> None:
    """Last year's report of the provider, made as a batch's part makes it
    and published, so the downloads and the public link answer with it."""
    from followup.services.reports import quality_report_make, report_publish
    from kundval.models import Job

    job = Job.objects.create(
        kind="quality-reports", municipality=world["municipality"], steps=2
    )
    year = timezone.localdate().year - 1
    quality_report_make(job_id=job.pk, provider_id=world["provider"].pk, year=year)
    report = world["provider"].quality_reports.get()
    report_publish(user=world[Role.QUALITY_OFFICER], report=report)
