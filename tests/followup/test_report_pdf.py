"""The annual quality report (issue 15 item 7): a small Nacka with known
choices, visits, complaints, self-reports and deviations of each severity
(one lex Sarah told to IVO), a warning, survey results, a follow-up with a
condition not met, measures and a warning through the services, and an
accepted quality account in 2025; the figures read back from the PDF with
pdftotext against the data they came from, the PDF tagged, no complainant
or personnummer in it, the shell command, and a number of queries that does
not grow with the customers."""

import contextlib
import re
import subprocess
import zlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from authorization.models import Authorization, Condition, Report, Sanction
from authorization.selectors import deviation_counts
from customers.models import Choice
from followup.models import (
    AccountStatus,
    Category,
    Complaint,
    FollowUp,
    FollowUpStatus,
    QualityAccount,
    Survey,
    SurveyResult,
)
from followup.selectors.report import municipal_summary, provider_report
from followup.services import Filing, complaint_file
from followup.services.accounts import (
    quality_account_save,
    quality_account_start,
    quality_account_transition,
)
from followup.services.follow_ups import (
    finding_record,
    finding_sanction,
    follow_up_plan,
    follow_up_transition,
    measure_add,
    measure_answer,
)
from followup.services.report_pdf import municipal_summary_pdf, quality_report_pdf
from kundval.models import Role
from tests.customers.conftest import world  # noqa: F401
from tests.factories import MunicipalityFactory, ServiceFactory, authorize, member
from tests.followup.test_continuity import daily
from tests.vouchers.test_fees import at, customer_of, served, visit
from vouchers.calendar import STOCKHOLM

YEAR = 2025
pytestmark = pytest.mark.usefixtures("swedish")


@pytest.fixture
def swedish():
    with translation.override("sv"):
        yield


def text_of(pdf: bytes, tmp_path) -> str:
    """The PDF's text with its layout kept, so a table row stays one line."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def complain(town, provider, category, *, received, serious=False, **contact):
    complaint = complaint_file(
        filing=Filing(
            municipality=town["nacka"],
            provider_id=provider.pk,
            about_municipality=False,
            category=category,
            text="Personalen kom inte. Kunden 19401212-1234 fick vänta.",
            serious_answers=("harm",) if serious else (),
            **contact,
        ),
        submission_key=uuid4().hex,
        address="192.0.2.7",
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        received_at=datetime(*received, 12, tzinfo=STOCKHOLM)
    )
    return complaint


def survey(town, year, kind, provider, question, answered, *, share=None, mean=None):
    found, _new = Survey.objects.get_or_create(
        municipality=town["nacka"],
        year=year,
        kind=kind,
        defaults={"imported_by": town["officer"]},
    )
    SurveyResult.objects.create(
        survey=found,
        provider=provider,
        question=question,
        share_positive=share,
        mean=mean,
        answered=answered,
    )


@pytest.fixture
def nacka(world):  # noqa: F811
    """Första AB in 2025: Ett all year, Tre until June (then a switch to
    Andra AB), Två from July as a non-choice; 40 hours granted a month; 3
    hours performed in March; staff continuity 3 in March."""
    first, second = world["first"], world["second"]
    ett, tva, tre = (customer_of(world, name) for name in ("Ett", "Två", "Tre"))
    one = served(world, ett, first, starts_on=date(YEAR, 1, 1))
    two = served(world, tva, first, starts_on=date(YEAR, 7, 1))
    Choice.objects.filter(pk=two.pk).update(non_choice=True)
    three = served(
        world, tre, first, starts_on=date(YEAR, 1, 1), ends_on=date(YEAR, 6, 30)
    )
    Choice.objects.create(
        decision=three.decision,
        provider=second,
        starts_on=date(YEAR, 7, 1),
        status="accepted",
        switch_reason="quality",
        ordered_by=world["officer"],
    )
    visit(world, one, at(date(YEAR, 3, 10), 9), 90)
    visit(world, one, at(date(YEAR, 3, 11), 9), 90)
    # Not approved: counted for continuity, never as performed hours.
    daily(one, date(YEAR, 3, 1), ["Anna", "Bo", "Cia"])

    complain(
        world,
        first,
        Category.TIMES,
        received=(YEAR, 2, 3),
        serious=True,
        name="Greta Klagande",
        email="greta@example.se",
        phone="070-123 45 67",
    )
    closed = complain(world, first, Category.TIMES, received=(YEAR, 5, 4))
    Complaint.objects.filter(pk=closed.pk).update(status="closed")
    complain(world, first, Category.CONDUCT, received=(YEAR, 9, 9))
    complain(world, first, Category.QUALITY, received=(YEAR - 1, 9, 9))  # 2024
    complain(world, second, Category.QUALITY, received=(YEAR, 9, 9))  # Andra AB

    authorization = Authorization.objects.get(provider=first)
    for kind, day in (
        ("deviation", date(YEAR, 4, 1)),
        ("deviation", date(YEAR, 8, 1)),
        ("fault", date(YEAR, 10, 1)),
        ("deviation", date(YEAR - 1, 4, 1)),  # 2024
    ):
        Report.objects.create(
            authorization=authorization,
            kind=kind,
            occurred_on=day,
            severity="low",
            text="Fel medicin till kund 19401212-1234.",
            reported_by=world["first_user"],
        )
    condition = Condition.objects.create(
        municipality=world["nacka"],
        code="ledningssystem",
        title="Ledningssystem för kvalitet",
        text="Utföraren ska ha ett ledningssystem.",
        checked_at_follow_up=True,
        sanction="warning",
    )
    Sanction.objects.create(
        authorization=authorization,
        condition=condition,
        kind="warning",
        evidence="Saknas.",
        reasons="Brister.",
        effective_from=date(YEAR, 5, 2),
        decided_by=world["officer"],
    )
    survey(world, YEAR - 1, "national", first, "overall", 20, share="80.0")
    survey(world, YEAR, "national", first, "overall", 30, share="85.5")
    survey(world, YEAR, "national", first, "trust", 3, share="99.0")  # too few
    survey(world, YEAR, "own", first, "overall", 12, mean="4.20")
    _deviations(world, authorization)
    quality = member(Role.QUALITY_OFFICER, world["nacka"])
    _follow_up(world, authorization, condition, quality)
    _accounts(world, quality)
    return world


def _deviations(town, authorization):
    """Beside the three low ones above: a serious deviation, and a very
    serious lex Sarah report told to IVO."""
    Report.objects.create(
        authorization=authorization,
        kind="deviation",
        occurred_on=date(YEAR, 6, 1),
        severity="serious",
        text="Kunden 19401212-1234 föll.",
        reported_by=town["first_user"],
    )
    Report.objects.create(
        authorization=authorization,
        kind="lex_sarah",
        lex_sarah_nature="wrongdoing",
        occurred_on=date(YEAR, 7, 1),
        severity="very_serious",
        ivo_told=True,
        ivo_told_on=date(YEAR, 7, 3),
        text="Lex Sarah om Greta Klagande.",
        reported_by=town["first_user"],
    )


KEYS = "Nyckelhantering enligt rutin"


def _follow_up(town, authorization, breached, quality):
    """A visit in October: the management system not met (a warning), the
    key routine met; two measures, one answered. A yearly follow-up in
    December not yet carried out."""
    keys = Condition.objects.create(
        municipality=town["nacka"],
        code="nycklar",
        title=KEYS,
        text="Nycklar hanteras enligt rutin.",
        checked_at_follow_up=True,
        sanction="warning",
    )
    visit_ = follow_up_plan(
        user=quality, authorization=authorization, year=YEAR, month=10, kind="visit"
    )
    follow_up_transition(user=quality, follow_up=visit_, to=FollowUpStatus.IN_PROGRESS)
    FollowUp.objects.filter(pk=visit_.pk).update(conducted_on=date(YEAR, 10, 14))
    finding = finding_record(
        user=quality,
        follow_up=visit_,
        condition_id=breached.pk,
        outcome="not_met",
        note="Kunden 19401212-1234 hade ingen genomförandeplan.",
    )
    finding_record(user=quality, follow_up=visit_, condition_id=keys.pk, outcome="met")
    soon = timezone.localdate() + timedelta(days=30)
    answered = measure_add(
        user=quality, follow_up=visit_, text="Inför ett ledningssystem.", due_on=soon
    )
    measure_add(
        user=quality,
        follow_up=visit_,
        text="Upprätta planer.",
        due_on=soon + timedelta(days=30),
    )
    finding_sanction(
        user=quality,
        finding=finding,
        kind="warning",
        reasons="Ledningssystem saknas.",
        effective_from=timezone.localdate(),
    )
    follow_up_transition(
        user=quality, follow_up=visit_, to=FollowUpStatus.FINDINGS_SENT
    )
    measure_answer(
        user=town["first_user"], measure=answered, answer="Infört i november."
    )
    follow_up_plan(
        user=quality, authorization=authorization, year=YEAR, month=12, kind="yearly"
    )


ACCOUNT = {
    "assistant_nurse_share": Decimal("72.5"),
    "staff_turnover": Decimal("18.0"),
    "staff_count": 40,
    "complaints_received": 6,
    "complaints_handled": 5,
    "improvements": "Nya rutiner för nyckelhantering.",
    "goals": "Högre personalkontinuitet.",
    "quality_work": "Egenkontroll varje kvartal.",
}


def _account(town, provider, user, quality, to):
    account = quality_account_start(
        user=user, provider=provider, municipality=town["nacka"], year=YEAR
    )
    quality_account_save(user=user, account=account, data=ACCOUNT)
    account = quality_account_transition(
        user=user, account=account, to=AccountStatus.SUBMITTED
    )
    return quality_account_transition(
        user=quality, account=account, to=to, reason="Siffrorna saknar underlag."
    )


def _accounts(town, quality):
    """Första AB's account accepted; Andra AB's returned, with other figures."""
    _account(town, town["first"], town["first_user"], quality, "accepted")
    returned = _account(town, town["second"], town["second_user"], quality, "returned")
    QualityAccount.objects.filter(pk=returned.pk).update(
        staff_count=77, improvements="Andra AB:s förbättringar."
    )


def report_of(town, provider, year=YEAR):
    return quality_report_pdf(
        municipality_id=town["nacka"].pk, provider_id=provider.pk, year=year
    )


def row(text: str, *cells: str) -> bool:
    """A line of the text holding the cells in order, apart by spaces."""
    pattern = r"\s+".join(re.escape(cell) for cell in cells)
    return re.search(rf"^\s*{pattern}\s*$", text, re.MULTILINE) is not None


@pytest.mark.django_db
def test_the_report_shows_the_figures_of_its_data(nacka, tmp_path):
    text = text_of(report_of(nacka, nacka["first"]), tmp_path)
    assert "Årlig kvalitetsrapport 2025" in text
    assert "Första AB" in text and "Nacka" in text
    assert nacka["first"].organisation_number in text
    # Customers at the end of 2025, choices and switches in it.
    assert row(text, "Kunder vid årets slut", "2")
    assert row(text, "varav med ickevalsalternativet (ickeval)", "1")
    assert row(text, "Val av anordnaren under året", "2")
    assert row(text, "Ickeval till anordnaren under året", "1")
    assert row(text, "Byten till en annan anordnare", "1")
    # Hours: 40 granted every month, 3 performed in March.
    assert row(text, "januari", "40,00", "0,00", "0,0 %")
    assert row(text, "mars", "40,00", "3,00", "7,5 %")
    assert row(text, "Året", "480,00", "3,00", "0,6 %")
    # Complaints of 2025 about Första AB only.
    assert "3 klagomål kom in under året, 1 av dem allvarligt" in text
    assert row(text, "Tider", "2")
    assert row(text, "Bemötande", "1")
    assert row(text, "Kvalitet i insatsen", "0")
    assert row(text, "Mottagen", "2")
    assert row(text, "Avslutat", "1")
    # Self-reports of 2025.
    assert row(text, "Avvikelse", "3")
    assert row(text, "Fel", "1")
    assert row(text, "Lex Sarah-rapport", "1")
    # The warning with its condition and date.
    assert row(
        text,
        "Varning",
        "Ledningssystem för kvalitet",
        nacka["service"].name,
        "2025-05-02",
        _today(),
    )
    # Surveys: the trend, and a result from too few answers hidden.
    assert row(
        text,
        "Hur nöjd eller missnöjd är du sammantaget med den",
        "80,0 (20)",
        "85,5 (30)",
    ) or ("80,0 (20)" in text and "85,5 (30)" in text)
    assert "för få svar (3)" in text and "99,0" not in text
    assert "4,20 (12)" in text
    # Staff continuity: 3 different staff in March, the national figure beside.
    assert row(text, "mars", "1", "3,0", "14,9")
    # Every section is filled.
    assert "Uppgift saknas" not in text


@pytest.mark.django_db
def test_the_deviations_by_kind_and_severity_and_ivo(nacka, tmp_path):
    text = text_of(report_of(nacka, nacka["first"]), tmp_path)
    flat = " ".join(text.split())
    assert "5 avvikelserapporter" in flat
    assert "1 lex Sarah-rapport; 1 av dem anmäld till IVO." in flat
    assert row(text, "Mindre allvarligt", "3")
    assert row(text, "Allvarligt", "1")
    assert row(text, "Mycket allvarligt", "1")
    assert row(text, "Anmälda till IVO", "1")
    assert row(text, "Allvarligt klagomål", "0")
    # What happened is not in the report.
    assert "föll" not in text and "Greta" not in text


@pytest.mark.django_db
def test_the_follow_ups_their_findings_measures_and_sanction(nacka, tmp_path):
    text = text_of(report_of(nacka, nacka["first"]), tmp_path)
    today = _today()
    # The visit: one condition met, one not, one measure answered, one open,
    # one warning; the yearly follow-up planned in December, not carried out.
    assert row(text, "Besök", "Oktober", "2025-10-14", "Iakttagelser skickade")
    assert row(text, "Årlig uppföljning", "December", "–", "Planerad")
    assert row(text, "Besök (oktober)", "1", "1", "0", "2 (1)", "1")
    assert row(text, "Årlig uppföljning (december)", "–", "–", "–", "–", "–")
    # The condition not met, with its sanction; the met one is not listed.
    assert row(text, "Ledningssystem för kvalitet", "Besök", "2025-10-14", "Varning")
    assert not row(text, KEYS, "Besök", "2025-10-14", "–")
    # The warning is in the provider's sanctions too.
    assert row(
        text,
        "Varning",
        "Ledningssystem för kvalitet",
        nacka["service"].name,
        today,
        today,
    )
    # Measures: due dates, one answered today, one open.
    soon = timezone.localdate() + timedelta(days=30)
    assert row(text, f"{soon:%Y-%m-%d}", "Besök", today)
    assert row(text, f"{soon + timedelta(days=30):%Y-%m-%d}", "Besök", "öppen")
    # The note and the measures' texts stay out (they may name a customer),
    # and the report says so.
    assert "genomförandeplan" not in text and "Upprätta planer" not in text
    assert "anteckningar om iakttagelserna visas inte" in " ".join(text.split())


@pytest.mark.django_db
def test_the_accepted_quality_account(nacka, tmp_path):
    text = text_of(report_of(nacka, nacka["first"]), tmp_path)
    assert row(text, "Andel av personalen som är undersköterskor", "72,5 %")
    assert row(text, "Personalomsättning", "18,0 %")
    assert row(text, "Antal anställda", "40")
    assert row(text, "Klagomål som kommit in under året", "6")
    assert row(text, "Klagomål som handlagts under året", "5")
    assert "Nya rutiner för nyckelhantering." in text
    assert "Högre personalkontinuitet." in text


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["returned", "draft", "submitted"])
def test_an_account_not_accepted_is_not_shown(nacka, tmp_path, status):
    QualityAccount.objects.filter(provider=nacka["second"]).update(status=status)
    text = text_of(report_of(nacka, nacka["second"]), tmp_path)
    assert "Uppgift saknas" in text
    # Its staff count (77) is not in the account's table; the bare number
    # could stand in a random organisation number.
    assert not row(text, "Antal anställda", "77")
    assert "Andra AB:s förbättringar" not in text
    assert "Ingen uppföljning av anordnaren i planen för 2025." in " ".join(
        text.split()
    )


def _today() -> str:
    from django.utils import timezone

    return f"{timezone.localdate():%Y-%m-%d}"


@pytest.mark.django_db
def test_no_complainant_and_no_personnummer_in_the_report(nacka, tmp_path):
    text = text_of(report_of(nacka, nacka["first"]), tmp_path)
    for secret in (
        "Greta",
        "Klagande",
        "greta@example.se",
        "070-123",
        "19401212",
        "Personalen kom inte",
        "Fel medicin",
    ):
        assert secret not in text
    assert not re.search(
        r"\b(19|20)?\d{6}[-+]?\d{4}\b",
        text.replace(nacka["first"].organisation_number, ""),
    )


@pytest.mark.django_db
def test_the_report_is_tagged_with_headings_in_order_and_table_headers(nacka, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_of(nacka, nacka["first"]))
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert re.search(
        r"^Title:\s+Årlig kvalitetsrapport 2025: Första AB, Nacka$", info, re.MULTILINE
    ), info
    tree = subprocess.run(
        ["pdfinfo", "-struct", str(path)], capture_output=True, text=True, check=True
    ).stdout
    headings = re.findall(r"^\s*(H\d)\b", tree, re.MULTILINE)
    assert headings[0] == "H1" and headings.count("H1") == 1
    levels = [int(h[1]) for h in headings]
    assert all(b - a <= 1 for a, b in pairwise(levels))
    assert "TH" in tree and "Table" in tree
    assert tree.count("Figure") >= 3  # hours, continuity, the survey trends
    alternatives = alternative_texts(path.read_bytes())
    assert len(alternatives) == tree.count("Figure")
    assert any(a.startswith("Utförda och beviljade timmar") for a in alternatives)


def alternative_texts(pdf: bytes) -> list[str]:
    """The /Alt entries of the structure tree (in compressed object streams),
    as text: what a screen reader says for each chart."""
    found = []
    # The end of line before "endstream" is left in the data, not matched:
    # compressed data may end in a byte that looks like one; a decompressor
    # object stops at the data's end and ignores what follows.
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            stream = zlib.decompressobj().decompress(stream)
        for hexa in re.findall(rb"/Alt\s*<([0-9a-fA-F]*)>", stream):
            found.append(bytes.fromhex(hexa.decode()).decode("utf-16"))
    return found


@pytest.mark.django_db
def test_a_provider_never_authorized_there_has_no_report(nacka):
    stranger = MunicipalityFactory()
    with pytest.raises(LookupError):
        quality_report_pdf(
            municipality_id=stranger.pk, provider_id=nacka["first"].pk, year=YEAR
        )


@pytest.mark.django_db
def test_the_municipal_summary_has_a_row_per_provider_and_totals(nacka, tmp_path):
    summary = municipal_summary(municipality_id=nacka["nacka"].pk, year=YEAR)
    first = next(r for r in summary.rows if r.name == "Första AB")
    assert (first.customers, first.complaints, first.deviations, first.warnings) == (
        2,
        3,
        5,
        1,
    )
    assert (first.serious_deviations, first.follow_ups_done, first.not_met) == (
        2,
        1,
        1,
    )
    # The same counting rule as authorization's deviation_counts.
    for line in summary.rows:
        counts = deviation_counts(
            municipality_id=nacka["nacka"].pk, provider_id=line.provider_id, year=YEAR
        )
        assert line.deviations == counts["total"]
    text = text_of(
        municipal_summary_pdf(municipality_id=nacka["nacka"].pk, year=YEAR), tmp_path
    )
    assert "kommunens sammanställning" in " ".join(text.split())
    assert row(
        text, "Första AB", "2", "3,00", "480,00", "0,6 %", "3", "5 (2)", "1", "1",
        "1", "0", "85,5 %", "3,0", "Accepterad",
    )  # fmt: skip
    assert row(
        text, "Andra AB", "1", "0,00", "120,00", "0,0 %", "1", "0 (0)", "0", "0",
        "0", "0", "–", "–", "Återsänd",
    )  # fmt: skip
    assert row(
        text, "Totalt", "3", "3,00", "600,00", "0,5 %", "4", "5 (2)", "1", "1",
        "1", "0", "1",
    )  # fmt: skip
    assert summary.total.accepted_accounts == 1  # "1 accepterade", maybe wrapped
    # A draft is the provider's own work: no account filed.
    QualityAccount.objects.filter(provider=nacka["second"]).update(status="draft")
    text = text_of(
        municipal_summary_pdf(municipality_id=nacka["nacka"].pk, year=YEAR), tmp_path
    )
    assert row(
        text, "Andra AB", "1", "0,00", "120,00", "0,0 %", "1", "0 (0)", "0", "0",
        "0", "0", "–", "–", "saknas",
    )  # fmt: skip
    assert "Greta" not in text


@pytest.mark.django_db
def test_the_command_writes_the_report(nacka, tmp_path):
    output = tmp_path / "rapport.pdf"
    number = nacka["first"].organisation_number
    call_command(
        "quality_report", f"{number[:6]}-{number[6:]}", str(YEAR), output=str(output)
    )
    assert "Första AB" in text_of(output.read_bytes(), tmp_path)
    summary = tmp_path / "summa.pdf"
    call_command(
        "quality_report",
        str(YEAR),
        summary=True,
        municipality="nacka",
        output=str(summary),
    )
    assert summary.read_bytes().startswith(b"%PDF-")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args,options,message",
    [
        (["5599999999", str(YEAR)], {}, "No provider has organisation number"),
        (["FIRST", "20x5"], {}, "Not a year"),
        (["FIRST", "1999"], {}, "Not a year"),
        (["FIRST", "2100"], {}, "has not begun"),
        (["FIRST"], {}, "Give ORGANISATION_NUMBER and YEAR"),
        (["FIRST", str(YEAR)], {"municipality": "trosa"}, "never been authorized in"),
        (["SPREAD", str(YEAR)], {}, "give one with --municipality"),
        ([str(YEAR)], {"summary": True}, "--municipality SLUG"),
        ([str(YEAR)], {"summary": True, "municipality": "nowhere"}, "No municipality"),
    ],
)
def test_the_command_fails_cleanly(nacka, tmp_path, args, options, message):
    spread = nacka["elsewhere"]
    authorize(
        spread, ServiceFactory(municipality=MunicipalityFactory(slug="trosa")), []
    )
    names = {
        "FIRST": nacka["first"].organisation_number,
        "SPREAD": spread.organisation_number,
    }
    output = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message):
        call_command(
            "quality_report",
            *[names.get(a, a) for a in args],
            output=str(output),
            **options,
        )
    assert not output.exists()


def _more_customers(town, n: int):
    for i in range(n):
        customer = customer_of(town, f"Extra {i}")
        choice = served(town, customer, town["first"], starts_on=date(YEAR, 2, 1))
        visit(town, choice, at(date(YEAR, 3, 12), 10), 60)
        daily(choice, date(YEAR, 3, 1), ["Anna", "Dan"])


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_customers(nacka, django_assert_max_num_queries):
    def read():
        provider_report(
            municipality_id=nacka["nacka"].pk, provider_id=nacka["first"].pk, year=YEAR
        )
        municipal_summary(municipality_id=nacka["nacka"].pk, year=YEAR)

    _more_customers(nacka, 1)
    with CaptureQueriesContext(connection) as small:
        read()
    _more_customers(nacka, 6)
    with django_assert_max_num_queries(len(small)):
        read()
