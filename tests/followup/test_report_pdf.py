"""The annual quality report (issue 15 item 7): a small Nacka with known
choices, visits, complaints, self-reports, a warning and survey results in
2025; the figures read back from the PDF with pdftotext against the data
they came from, the PDF tagged, no complainant or personnummer in it, the
shell command, and a number of queries that does not grow with the
customers."""

import contextlib
import re
import subprocess
import zlib
from datetime import date, datetime
from itertools import pairwise
from uuid import uuid4

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from authorization.models import Authorization, Condition, Report, Sanction
from customers.models import Choice
from followup.models import Category, Complaint, Survey, SurveyResult
from followup.selectors.report import municipal_summary, provider_report
from followup.services import Filing, complaint_file
from followup.services.report_pdf import municipal_summary_pdf, quality_report_pdf
from tests.customers.conftest import world  # noqa: F401
from tests.factories import MunicipalityFactory, ServiceFactory, authorize
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
    return world


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
    assert row(text, "Avvikelse", "2")
    assert row(text, "Fel", "1")
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
    # Sections other parts fill in later.
    assert text.count("Uppgift saknas") == 2


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
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            stream = zlib.decompress(stream)
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
        3,
        1,
    )
    text = text_of(
        municipal_summary_pdf(municipality_id=nacka["nacka"].pk, year=YEAR), tmp_path
    )
    assert "kommunens sammanställning" in " ".join(text.split())
    assert row(
        text,
        "Första AB",
        "2",
        "3,00",
        "480,00",
        "0,6 %",
        "3",
        "3",
        "1",
        "0",
        "85,5 %",
        "3,0",
    )
    assert row(
        text, "Andra AB", "1", "0,00", "120,00", "0,0 %", "1", "0", "0", "0", "–", "–"
    )
    assert row(text, "Totalt", "3", "3,00", "600,00", "0,5 %", "4", "3", "1", "0")
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
