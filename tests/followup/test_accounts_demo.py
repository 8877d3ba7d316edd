"""The demo's survey results and quality accounts: four years of both
surveys for Nacka's providers, the own survey's overall score 4,0 -> 4,6,
some results hidden by the minimum, last year's accounts in every state
(and missing), and a second seed that adds nothing."""

from decimal import Decimal

import pytest
from django.db.models import Avg

from followup import demo
from followup.models import (
    AccountStatus,
    QualityAccount,
    Survey,
    SurveyKind,
    SurveyResult,
)
from followup.selectors import survey_table
from followup.selectors.accounts import account_year, accounts_for_quality
from followup.selectors.open_data import survey_results_open
from kundval.models import Municipality
from tests.demo_snapshot import seed_demo_without_volumes

pytestmark = pytest.mark.django_db
NACKA_PROVIDERS = 50


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    seed_demo_without_volumes()


def test_four_years_of_both_surveys_for_nackas_providers(seeded):
    surveys = Survey.objects.filter(municipality__slug="nacka")
    assert sorted(surveys.values_list("year", "kind")) == [
        (year, kind)
        for year in (2023, 2024, 2025, 2026)
        for kind in (SurveyKind.NATIONAL, SurveyKind.OWN)
    ]
    for survey in surveys:
        assert survey.results.values("provider").distinct().count() == NACKA_PROVIDERS
        assert survey.results.count() == NACKA_PROVIDERS * 8


def test_the_own_surveys_overall_score_goes_from_4_0_to_4_6(seeded):
    overall = SurveyResult.objects.filter(
        survey__municipality__slug="nacka",
        survey__kind=SurveyKind.OWN,
        question="overall",
    )
    by_year = {
        year: overall.filter(survey__year=year).aggregate(m=Avg("mean"))["m"]
        for year in (2023, 2024, 2025, 2026)
    }
    assert {y: round(m, 2) for y, m in by_year.items()} == {
        2023: Decimal("4.00"),
        2024: Decimal("4.10"),
        2025: Decimal("4.30"),
        2026: Decimal("4.60"),
    }


def test_some_results_are_hidden_by_the_minimum(seeded):
    survey = Survey.objects.get(municipality__slug="nacka", year=2026, kind="national")
    figures = [f for _name, row in survey_table(survey=survey) for f in row.values()]
    hidden = [f for f in figures if f.value is None]
    assert hidden and len(hidden) < len(figures)
    shown = survey_results_open(municipality="nacka", year=2026)
    national = [r for r in shown if r.survey.kind == SurveyKind.NATIONAL]
    assert len(national) == len(figures) - len(hidden)


def test_last_years_accounts_in_every_state_and_some_missing(seeded):
    nacka = Municipality.objects.get(slug="nacka")
    accounts = QualityAccount.objects.filter(municipality=nacka, year=account_year())
    assert set(accounts.values_list("status", flat=True)) == set(AccountStatus.values)
    quality = nacka.memberships.filter(role="quality_officer").first().user
    rows = accounts_for_quality(user=quality, year=account_year())
    statuses = [row.status for row in rows]
    assert len(rows) == NACKA_PROVIDERS
    assert {"missing", "submitted", "accepted", "returned"} <= set(statuses)
    # The draft is the provider's own: missing to the quality unit.
    assert statuses.count("missing") == NACKA_PROVIDERS - 5


def test_a_second_seed_adds_nothing(seeded):
    before = (Survey.objects.count(), SurveyResult.objects.count())
    accounts = QualityAccount.objects.count()
    demo.demo_seed()
    assert (Survey.objects.count(), SurveyResult.objects.count()) == before
    assert QualityAccount.objects.count() == accounts
