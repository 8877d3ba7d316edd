"""Bad input gets a clear 400 (or 404), never a 500 (issue 14 item 3): NUL
characters in filters, forms, cookies and CSV cells, ids that are not ASCII
digits, months and dates outside the calendar we keep, impossible time-zone
offsets, JSON nested thousands deep, a body that is not JSON."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DataError
from django.test import Client
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from kundval.models import Role
from kundval.rest import (
    MAX_JSON_DEPTH,
    BoundedPagination,
    api_exception_handler,
    json_depth,
)
from providers.validators import normalize_provider_number
from tests.customers.conftest import TODAY
from tests.factories import member
from vouchers.models import Visit
from vouchers.months import month_parse
from vouchers.services.visit_csv import visits_import_csv

pytestmark = pytest.mark.django_db
YESTERDAY = TODAY() - timedelta(days=1)


def api(user=None):
    # A 500 comes back as a response, as a client would see it.
    client = APIClient(raise_request_exception=False)
    if user is not None:
        client.force_authenticate(user)
    return client


def site(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def visit(choice, start="08:00:00+01:00", end="09:00:00+01:00", **extra):
    day = YESTERDAY.isoformat()
    return {
        "choice": choice.pk,
        "start": f"{day}T{start}",
        "end": f"{day}T{end}",
        "category": "personal_care",
        **extra,
    }


# NUL characters: refused before any view (kundval.middleware).


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/providers/?municipality=a%00b",
        "/api/v1/providers/?a%00=b",
        "/api/v1/municipalities/a%00b/",
    ],
)
def test_a_nul_anywhere_in_an_api_url_is_a_json_400(world, url):
    answer = api(world["officer"]).get(url)
    assert answer.status_code == 400
    assert "NUL" in answer.json()["detail"]


def test_a_nul_in_a_page_filter_is_the_400_page(world):
    answer = site(world["first_user"]).get("/anordnare/tid/?manad=2026-01%00")
    assert answer.status_code == 400
    assert "400.html" in [t.name for t in answer.templates]


def test_a_nul_in_a_form_body_is_400_before_the_form(world):
    answer = site().post("/logga-in/", {"username": "a\x00", "password": "x"})
    assert answer.status_code == 400


def test_a_nul_in_the_session_cookie_is_400_not_a_query(world):
    client = site()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/").status_code == 400


def test_a_nul_in_a_csv_cell_is_that_rows_error(world, accepted):
    text = (
        "choice;start;end;category;staff\n"
        f"{accepted.pk};{YESTERDAY}T08:00;{YESTERDAY}T09:00;service;A1\n"
        f"{accepted.pk};{YESTERDAY}T10:00;{YESTERDAY}T11:00;service;A\x001\n"
    )
    result = _import(world, text)
    assert list(result.errors) == [3]
    assert "NUL" in result.errors[3][0]
    assert not Visit.objects.exists()


# Ids in paths and filters: ASCII digits only.


@pytest.mark.parametrize("raw", ["abc", "%C2%B2", "%D9%A3", "1" * 19, "-1"])
def test_an_id_that_is_not_ascii_digits_is_a_json_404(world, raw):
    answer = api(world["officer"]).get(f"/api/v1/customers/{raw}/")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Hittades inte."}


@pytest.mark.parametrize("raw", ["²", "٣", "1" * 19])
def test_a_customer_filter_that_is_not_an_id_is_400(world, raw):
    answer = api(world["officer"]).get("/api/v1/choices/", {"customer": raw})
    assert answer.status_code == 400
    assert "customer" in answer.json()


def test_an_organisation_number_of_other_digits_is_refused():
    with pytest.raises(ValidationError) as refused:
        normalize_provider_number("²²²²²²-²²²²")
    assert refused.value.code == "not_digits"


# Months: 2000-01 to 2099-12 wherever one is read (vouchers.months).


@pytest.mark.parametrize("text", ["9999-12", "0001-01", "1999-12", "2100-01"])
def test_a_month_outside_the_calendar_is_refused(text):
    with pytest.raises(ValueError, match="2000-01"):
        month_parse(text)


def test_month_parse_reads_the_first_and_last_months():
    assert month_parse(" 2000-01 ").isoformat() == "2000-01-01"
    assert month_parse("2099-12").isoformat() == "2099-12-01"


def test_the_visits_api_refuses_year_9999(world):
    answer = api(world["first_user"]).get("/api/v1/visits/", {"month": "9999-12"})
    assert answer.status_code == 400
    assert "2099-12" in answer.json()["month"][0]


def test_the_settlements_api_refuses_year_9999(world):
    finance = member(Role.FINANCE_OFFICER, world["nacka"])
    query = {"municipality": "nacka", "month": "9999-12"}
    answer = api(finance).get("/api/v1/settlements/", query)
    assert answer.status_code == 400
    assert "2099-12" in answer.json()["month"][0]


@pytest.mark.parametrize("month", ["9999-12", "0001-01"])
def test_the_visits_page_shows_this_month_for_a_month_out_of_range(world, month):
    answer = site(world["first_user"]).get("/anordnare/tid/", {"manad": month})
    assert answer.status_code == 200
    assert answer.context["month"] == TODAY().replace(day=1)


def test_the_settle_command_refuses_year_9999(world):
    with pytest.raises(CommandError, match="2099-12"):
        call_command("settle", "nacka", "9999-12")


def test_a_year_1_date_in_the_csv_is_that_rows_error(world, accepted):
    text = (
        "choice;start;end;category\n"
        f"{accepted.pk};0001-01-01T00:30+01:00;0001-01-01T01:00+01:00;service\n"
    )
    result = _import(world, text)
    assert list(result.errors) == [2]
    assert result.errors[2][0].startswith("start:")


# Times and bodies of the visits API.


@pytest.mark.parametrize("offset", ["+24:00", "+25:00", "-99:59"])
def test_an_impossible_offset_is_400_naming_the_field(world, accepted, offset):
    item = visit(accepted, start=f"08:00:00{offset}")
    answer = api(world["first_user"]).post("/api/v1/visits/", [item], format="json")
    assert answer.status_code == 400
    assert "24" in answer.json()["items"]["0"]["start"][0]


def test_json_nested_thousands_deep_is_400(world):
    deep = "[" * 5000 + "]" * 5000
    answer = api(world["first_user"]).post(
        "/api/v1/visits/", deep, content_type="application/json"
    )
    assert answer.status_code == 400
    assert str(MAX_JSON_DEPTH) in answer.json()["detail"]


def test_json_one_level_too_deep_is_400_and_the_limit_itself_is_read(world):
    client = api(world["officer"])
    too_deep = {"name": _nested(MAX_JSON_DEPTH)}  # in an object: one more
    answer = client.post("/api/v1/customers/", too_deep, format="json")
    assert answer.status_code == 400 and "detail" in answer.json()
    fits = {"name": _nested(MAX_JSON_DEPTH - 1)}
    answer = client.post("/api/v1/customers/", fits, format="json")
    assert answer.status_code == 400 and "name" in answer.json()  # the field's


def test_json_depth_counts_lists_and_objects():
    assert json_depth(1) == 0
    assert json_depth([{"a": [1]}, []]) == 3


def test_the_visits_api_takes_json_only(world, accepted):
    answer = api(world["first_user"]).post(
        "/api/v1/visits/", visit(accepted), format="multipart"
    )
    assert answer.status_code == 415, answer.json()


def test_an_unknown_api_url_is_a_json_404(world):
    answer = api().get("/api/v1/nothing-here/")
    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"


def test_an_api_body_over_5_mib_is_a_json_400(world, accepted):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024
    body = "name=" + "x" * (5 * 1024 * 1024)
    answer = api(world["officer"]).post(
        "/api/v1/customers/", body, content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json"


def test_a_json_body_over_5_mib_is_a_json_400_unparsed(world):
    # DRF reads the body through Django's request.body, which checks the size.
    body = "[" + ",".join(["{}"] * (3 * 1024 * 1024)) + "]"
    answer = api(world["first_user"]).post(
        "/api/v1/visits/", body, content_type="application/json"
    )
    assert answer.status_code == 400
    assert answer.json() == {"detail": "Begäran kan inte läsas."}


def test_a_value_the_database_refuses_is_400_and_logged(caplog):
    answer = api_exception_handler(DataError("integer out of range"), {"view": "v"})
    assert answer.status_code == 400
    assert "Bad input reached v" in caplog.text


def _nested(depth: int):
    value = []
    for _level in range(depth - 1):
        value = [value]
    return value


def _import(world: dict, text: str):
    return visits_import_csv(
        user=world["first_user"],
        provider=world["first"],
        file=io.BytesIO(text.encode()),
    )


def test_a_page_holds_at_most_1000_rows_and_the_offset_fits_a_bigint():
    request = Request(APIRequestFactory().get("/", {"limit": 5000, "offset": 10**30}))
    pagination = BoundedPagination()
    assert pagination.get_limit(request) == 1000
    assert pagination.get_offset(request) == 2**63 - 1
