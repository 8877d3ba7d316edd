"""POST /api/v1/visits/ and GET /api/v1/visits/?month=: the contract for
time-reporting systems."""

from datetime import datetime, time, timedelta

import pytest
from rest_framework.test import APIClient

from kundval.models import AccessLog
from tests.customers.conftest import TODAY
from vouchers.calendar import STOCKHOLM
from vouchers.models import Visit

URL = "/api/v1/visits/"
YESTERDAY = TODAY() - timedelta(days=1)


def moment(hour, day=YESTERDAY) -> str:
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM).isoformat()


def body(choice, start=8, end=9, **extra):
    return {
        "choice": choice.pk,
        "start": moment(start),
        "end": moment(end),
        "category": "personal_care",
        **extra,
    }


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def post(world, items, user=None):
    return client_of(user or world["first_user"]).post(URL, items, format="json")


def test_created_with_the_ids(world, accepted):
    answer = post(
        world,
        [body(accepted), body(accepted, 10, 11, staff="A1", approved=True)],
    )
    assert answer.status_code == 201, answer.json()
    ids = answer.json()["ids"]
    visits = list(Visit.objects.order_by("pk"))
    assert ids == [v.pk for v in visits]
    assert [v.source for v in visits] == ["api", "api"]
    assert (visits[1].staff, visits[1].approved_at is not None) == ("A1", True)
    assert visits[0].approved_at is None


@pytest.mark.parametrize(
    "bad,field",
    [
        ({"end": moment(7)}, "end"),
        ({"end": moment(8, TODAY() + timedelta(days=2))}, "end"),
        ({"start": YESTERDAY.isoformat() + "T08:00:00"}, "start"),
        ({"category": "cleaning"}, "category"),
        ({"staff": "x" * 41}, "staff"),
        ({"choice": "abc"}, "choice"),
    ],
)
def test_a_bad_item_is_named_and_nothing_is_stored(world, accepted, bad, field):
    answer = post(world, [body(accepted), body(accepted), {**body(accepted), **bad}])
    assert answer.status_code == 400
    assert list(answer.json()["items"]) == ["2"], answer.json()
    assert field in answer.json()["items"]["2"]
    assert not Visit.objects.exists()


def test_a_visit_outside_the_choice_is_400(world, accepted):
    early = accepted.starts_on - timedelta(days=2)
    item = {**body(accepted), "start": moment(8, early), "end": moment(9, early)}
    answer = post(world, [item])
    assert answer.status_code == 400
    assert list(answer.json()["items"]["0"]) == ["start"]


def test_a_choice_of_another_provider_is_404_and_nothing_stored(world, accepted):
    answer = post(world, [body(accepted)], user=world["second_user"])
    assert answer.status_code == 404
    assert answer.json()["items"] == [0]
    answer = post(world, [body(accepted), {**body(accepted), "choice": 10**9}])
    assert answer.status_code == 404
    assert answer.json()["items"] == [1]
    assert not Visit.objects.exists()


@pytest.mark.parametrize("payload", [{}, [], "x"])
def test_not_a_list_is_400(world, accepted, payload):
    assert post(world, payload).status_code == 400


def test_only_provider_users(world, accepted):
    assert post(world, [body(accepted)], user=world["officer"]).status_code == 403
    assert APIClient().post(URL, [body(accepted)], format="json").status_code in {
        401,
        403,
    }


def test_the_month_lists_own_visits_and_logs_the_reads(world, accepted):
    assert post(world, [body(accepted), body(accepted, 8, 10)]).status_code == 201
    month = YESTERDAY.strftime("%Y-%m")
    answer = client_of(world["first_user"]).get(URL, {"month": month})
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [r["overlaps"] for r in rows] == [True, True]
    assert rows[0]["customer"] == world["customer"].pk
    assert rows[0]["settle_month"] == YESTERDAY.replace(day=1).isoformat()
    assert (
        AccessLog.objects.filter(
            what="api visits", customer_id=world["customer"].pk
        ).count()
        == 1
    )
    other = client_of(world["second_user"]).get(URL, {"month": month})
    assert other.json()["results"] == []
    earlier = (YESTERDAY.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    assert (
        client_of(world["first_user"]).get(URL, {"month": earlier}).json()["results"]
        == []
    )
    assert (
        client_of(world["first_user"]).get(URL, {"month": "2026-13"}).status_code == 400
    )


def test_the_schema_documents_the_endpoint(world):
    schema = APIClient().get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/visits/"])
    assert "201" in paths["/api/v1/visits/"]["post"]["responses"]
