"""Survey results: the CSV import (all or nothing, every bad row listed,
replacing), the minimum number of answers, scoping, and the pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from followup.models import Survey, SurveyKind, SurveyResult, SurveyTerms
from followup.selectors import survey_table, survey_trend, surveys_for_quality
from followup.services import survey_import_csv
from followup.services.surveys import MAX_BYTES, survey_value
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db
NATIONAL = "organisation_number;question;share_positive;answered\n"
OWN = "organisation_number;question;mean;answered\n"


def _csv(text: str | bytes, bom: bool = False) -> SimpleUploadedFile:
    data = (
        text if isinstance(text, bytes) else (("\ufeff" if bom else "") + text).encode()
    )
    return SimpleUploadedFile("enkat.csv", data, content_type="text/csv")


def _import(world, text, *, year=2025, kind=SurveyKind.NATIONAL, user=None, bom=False):
    return survey_import_csv(
        user=user or world["quality"],
        municipality=world["municipality"],
        year=year,
        kind=kind,
        file=_csv(text, bom),
    )


def _number(world) -> str:
    return world["provider"].organisation_number


def test_a_good_file_imports_every_row(world):
    number = _number(world)
    text = (
        NATIONAL
        + f"{number};overall;87,5;48\n{number[:6]}-{number[6:]};trust;91.0;47\n"
    )
    result = _import(world, text, bom=True)
    assert result.ok, result.errors
    assert result.imported == 2
    results = SurveyResult.objects.order_by("question")
    assert [(r.question, r.share_positive, r.answered) for r in results] == [
        ("overall", Decimal("87.5"), 48),
        ("trust", Decimal("91.0"), 47),
    ]


def test_the_municipalitys_own_unit_is_matched_too(world):
    own = ProviderFactory(kind="municipal", municipality=world["municipality"])
    text = OWN + f"{own.organisation_number};overall;4,2;25\n"
    assert _import(world, text, kind=SurveyKind.OWN).ok
    assert SurveyResult.objects.get().provider == own


def test_a_bad_file_imports_nothing_and_lists_every_bad_row(world):
    number, elsewhere = _number(world), world["other_provider"].organisation_number
    text = OWN + (
        f"{number};overall;4,5;20\n"  # good
        f"{elsewhere};overall;4,0;20\n"  # another municipality's provider
        f"{number};weather;4,0;20\n"  # no such question
        f"{number};time;5,5;20\n"  # mean above 5
        f"{number};respect;4;-1\n"  # negative count
        f"{number};overall;4,1;20\n"  # the same question twice
    )
    result = _import(world, text, kind=SurveyKind.OWN)
    assert sorted(result.errors) == [3, 4, 5, 6, 7]
    assert "organisation_number" in result.errors[3][0]
    assert "question" in result.errors[4][0]
    assert "mean" in result.errors[5][0]
    assert "answered" in result.errors[6][0]
    assert result.errors[7][0].endswith(" 2.")  # the line it repeats
    assert not Survey.objects.exists()
    assert not SurveyResult.objects.exists()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "name;value\nx;1\n",
        NATIONAL,
        NATIONAL.encode("utf-16"),
        NATIONAL + "1\x00;overall;1;1\n",
    ],
)
def test_a_file_that_cannot_be_read_says_why(world, text):
    result = _import(world, text)
    assert result.errors and not Survey.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read_whole(world):
    line = f"{_number(world)};overall;80;30\n"
    text = NATIONAL + line * (MAX_BYTES // len(line) + 1)
    assert list(_import(world, text).errors) == [0]
    assert not Survey.objects.exists()


def test_a_line_the_csv_module_cannot_read_is_named(world):
    # csv refuses a field over 128 KiB with an error, not a row.
    text = NATIONAL + f"{_number(world)};overall;80;30\n" + "x" * 200_000 + "\n"
    assert list(_import(world, text).errors) == [3]


def test_the_wrong_value_column_for_the_kind_is_refused(world):
    result = _import(world, OWN + f"{_number(world)};overall;4,5;20\n")
    assert list(result.errors) == [1]


def test_importing_again_replaces_the_survey(world):
    number = _number(world)
    _import(world, NATIONAL + f"{number};overall;80;30\n{number};trust;70;30\n")
    first = Survey.objects.get()
    assert _import(world, NATIONAL + f"{number};overall;85;31\n").ok
    assert Survey.objects.get().pk == first.pk
    [result] = SurveyResult.objects.all()
    assert (result.question, result.share_positive) == ("overall", Decimal("85.0"))


def test_a_bad_file_leaves_the_survey_before_it(world):
    number = _number(world)
    _import(world, NATIONAL + f"{number};overall;80;30\n")
    assert not _import(world, NATIONAL + f"{number};overall;180;30\n").ok
    assert SurveyResult.objects.get().share_positive == Decimal("80.0")


def test_a_result_under_the_minimum_is_hidden(world):
    SurveyTerms.objects.create(municipality=world["municipality"], minimum_answers=10)
    number = _number(world)
    _import(world, NATIONAL + f"{number};overall;80;10\n{number};trust;70;9\n")
    [(name, figures)] = survey_table(survey=Survey.objects.get())
    assert name == world["provider"].name
    assert figures["overall"].value == Decimal("80.0")
    assert figures["trust"].value is None
    assert figures["trust"].answered == 9


def test_the_trend_runs_over_the_years_and_hides_too_few(world):
    number = _number(world)
    for year, mean, answered in [
        (2023, "4,0", 30),
        (2024, "4,6", 3),
        (2025, "4,4", 30),
    ]:
        text = OWN + f"{number};overall;{mean};{answered}\n"
        assert _import(world, text, year=year, kind=SurveyKind.OWN).ok
    trend = survey_trend(
        municipality_id=world["municipality"].pk, provider_id=world["provider"].pk
    )
    values = [(year, f.value) for year, f in trend[SurveyKind.OWN]["overall"]]
    assert values == [(2023, Decimal("4.00")), (2024, None), (2025, Decimal("4.40"))]


def test_another_municipalitys_quality_officer_sees_nothing(world, client):
    _import(world, NATIONAL + f"{_number(world)};overall;80;30\n")
    survey = Survey.objects.get()
    other = world["other_quality"]
    assert not surveys_for_quality(user=other).exists()
    with pytest.raises(PermissionDenied):
        _import(world, NATIONAL + f"{_number(world)};overall;80;30\n", user=other)
    client.force_login(other)
    assert client.get(reverse("survey-detail", args=[survey.pk])).status_code == 404
    assert world["provider"].name not in client.get(reverse("survey-list")).text


def test_the_database_holds_the_ranges(world):
    _import(world, NATIONAL + f"{_number(world)};overall;80;30\n")
    survey = Survey.objects.get()
    for values in [
        {"share_positive": Decimal("100.1")},
        {"mean": Decimal("0.99")},
        {"share_positive": Decimal(50), "mean": Decimal(3)},
        {},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            SurveyResult.objects.create(
                survey=survey, provider=world["provider"], question="time",
                answered=1, **values,
            )  # fmt: skip


@given(st.decimals(allow_nan=True, allow_infinity=True, places=3))
def test_a_value_is_read_only_in_range(number):
    for kind, (low, high) in {"national": (0, 100), "own": (1, 5)}.items():
        text = str(number).replace(".", ",")
        value = survey_value(text, kind)
        if value is not None:
            assert low <= value <= high
        elif number.is_finite() and low + 1 <= number <= high - 1:
            pytest.fail(f"{text} refused for {kind}")


def test_the_quality_officer_uploads_and_sees_the_results(world, client):
    client.force_login(world["quality"])
    page = client.get(reverse("survey-upload"))
    assert "share_positive" in page.text
    text = NATIONAL + f"{_number(world)};overall;80;30\n{_number(world)};time;x;30\n"
    form = {
        "municipality": world["municipality"].pk,
        "year": 2025,
        "kind": SurveyKind.NATIONAL,
    }
    answer = client.post(reverse("survey-upload"), form | {"file": _csv(text)})
    assert answer.status_code == 200
    assert "share_positive" in answer.text and not Survey.objects.exists()
    good = NATIONAL + f"{_number(world)};overall;80,5;30\n"
    answer = client.post(reverse("survey-upload"), form | {"file": _csv(good)})
    survey = Survey.objects.get()
    assert answer.url == reverse("survey-detail", args=[survey.pk])
    detail = client.get(answer.url)
    assert world["provider"].name in detail.text
    assert "80,5" in detail.text
