"""The quality unit reviews the access log per user and per customer."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from kundval.models import Role
from kundval.services import access_log_record
from tests.factories import MunicipalityFactory, member

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def log():
    nacka, trosa = MunicipalityFactory(name="Nacka"), MunicipalityFactory(name="Trosa")
    anna = member(Role.CASE_OFFICER, nacka)
    bo = member(Role.CASE_OFFICER, nacka)
    tove = member(Role.CASE_OFFICER, trosa)
    # 23:30 Stockholm on 1 March is 22:30 UTC: the day filter must use Stockholm days.
    with time_machine.travel(datetime(2026, 3, 1, 23, 30, tzinfo=STOCKHOLM)):
        access_log_record(
            user=anna, municipality_id=nacka.pk, customer_id=11, what="vård"
        )
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=STOCKHOLM)):
        access_log_record(
            user=bo, municipality_id=nacka.pk, customer_id=12, what="beslut"
        )
        access_log_record(
            user=tove, municipality_id=trosa.pk, customer_id=13, what="trosa"
        )
    return {"nacka": nacka, "anna": anna, "bo": bo, "tove": tove}


def _rows(client, **filters):
    response = client.get(reverse("access-log"), filters)
    assert response.status_code == 200
    return [entry.what for entry in response.context["page"].object_list]


def test_quality_officer_sees_own_municipality_only(client, log):
    client.force_login(member(Role.QUALITY_OFFICER, log["nacka"]))
    assert sorted(_rows(client)) == ["beslut", "vård"]


def test_filters_by_user_customer_and_stockholm_day(client, log):
    client.force_login(member(Role.QUALITY_OFFICER, log["nacka"]))
    assert _rows(client, username=log["anna"].username) == ["vård"]
    assert _rows(client, customer_id=12) == ["beslut"]
    assert _rows(client, date_from=date(2026, 3, 1), date_to=date(2026, 3, 1)) == [
        "vård"
    ]
    assert _rows(client, username=log["tove"].username) == []
    assert _rows(client, date_from=date(2026, 3, 2), date_to=date.max) == ["beslut"]


def test_bad_filter_is_an_error_on_its_field_not_a_crash(client, log):
    client.force_login(member(Role.QUALITY_OFFICER, log["nacka"]))
    response = client.get(
        reverse("access-log"), {"date_from": "2026-03-02", "date_to": "2026-03-01"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Till-datumet får inte vara före från-datumet" in body
    assert "Inga rader matchar" not in body  # an invalid filter matched nothing
    response = client.get(reverse("access-log"), {"customer_id": "abc"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_case_officer_may_not_review(client, log):
    client.force_login(log["anna"])
    assert client.get(reverse("access-log")).status_code == 403
