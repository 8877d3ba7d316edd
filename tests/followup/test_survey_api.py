"""Open data: GET /api/v1/survey-results/ needs no sign-in, leaves out
results from fewer answers than the municipality's minimum, filters by
municipality, year and provider, and holds no personal data."""

import pytest
from rest_framework.test import APIClient

from followup.models import SurveyKind, SurveyTerms
from tests.followup.test_surveys import NATIONAL, OWN, _import

pytestmark = pytest.mark.django_db
URL = "/api/v1/survey-results/"


@pytest.fixture
def published(world):
    number = world["provider"].organisation_number
    other = world["other_provider"].organisation_number
    SurveyTerms.objects.create(municipality=world["municipality"], minimum_answers=10)
    assert _import(
        world, f"{NATIONAL}{number};overall;87,5;48\n{number};trust;91;9\n"
    ).ok
    assert _import(
        world, f"{OWN}{number};overall;4,6;30\n", year=2026, kind=SurveyKind.OWN
    ).ok
    # Another municipality's survey of its own provider (minimum 5 there).
    there = {
        "municipality": world["other_quality"].memberships.get().municipality,
        "provider": world["other_provider"],
    }
    assert _import(
        there | {"quality": world["other_quality"]},
        f"{NATIONAL}{other};overall;70;5\n{other};time;60;4\n",
    ).ok
    return world


def _get(**params):
    answer = APIClient().get(URL, params)
    assert answer.status_code == 200, answer.content
    assert answer["Content-Type"] == "application/json"
    return answer.json()


def _rows(**params):
    return {
        (r["municipality"], r["year"], r["provider"], r["question"])
        for r in _get(**params)["results"]
    }


def test_anyone_reads_it_and_too_few_answers_are_left_out(published):
    world = published
    home, number = world["municipality"].slug, world["provider"].organisation_number
    there = world["other_quality"].memberships.get().municipality.slug
    other = world["other_provider"].organisation_number
    assert _rows() == {
        (home, 2025, number, "overall"),
        (home, 2026, number, "overall"),
        (there, 2025, other, "overall"),
    }
    # 9 answers under a minimum of 10; 4 under the default 5.
    assert (home, 2025, number, "trust") not in _rows()
    assert (there, 2025, other, "time") not in _rows()


def test_the_figures_and_fields(published):
    rows = _get(municipality=published["municipality"].slug, year=2025)["results"]
    assert rows == [
        {
            "municipality": published["municipality"].slug,
            "year": 2025,
            "kind": "national",
            "provider": published["provider"].organisation_number,
            "provider_name": published["provider"].name,
            "question": "overall",
            "share_positive": "87.5",
            "mean": None,
            "answered": 48,
        }
    ]
    [own] = _get(year=2026)["results"]
    assert (own["kind"], own["mean"], own["share_positive"]) == ("own", "4.60", None)


def test_filters(published):
    world = published
    number = world["provider"].organisation_number
    assert {r[2] for r in _rows(provider=number)} == {number}
    dashed = f"{number[:6]}-{number[6:]}"
    assert _rows(provider=dashed) == _rows(provider=number)
    assert {r[1] for r in _rows(year=2026)} == {2026}
    assert {r[0] for r in _rows(municipality=world["municipality"].slug)} == {
        world["municipality"].slug
    }
    assert _rows(municipality="ingenstans") == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "tjugo"}, "year"),
        ({"year": "1999"}, "year"),
        ({"provider": "0000000000"}, "provider"),
        ({"municipality": "ä ö"}, "municipality"),
    ],
)
def test_a_bad_filter_is_a_clear_400(published, params, field):
    answer = APIClient().get(URL, params)
    assert answer.status_code == 400
    assert field in answer.json()


def test_paged_through_the_common_pagination(published):
    page = _get(limit=1)
    assert page["count"] == 3 and len(page["results"]) == 1 and page["next"]


def test_no_personal_data_and_read_only(published):
    text = APIClient().get(URL).content.decode()
    for user in ("quality", "provider_user", "other_quality"):
        assert published[user].username not in text
        assert published[user].email not in text or not published[user].email
    assert APIClient().post(URL, {}).status_code in (401, 403, 405)


def test_a_token_is_not_needed_and_a_bad_one_is_ignored(published):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert client.get(URL).status_code == 200
