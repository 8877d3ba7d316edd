"""The house headers (tests/headers.py) on each kind of answer: a staff page,
a PDF, a CSV export, an API answer, the error pages, the public start page;
and the exceptions: static files stay cacheable, a view's own Cache-Control
is kept. The access matrix checks the same headers on every URL."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path, reverse
from rest_framework.test import APIClient

from kundval.access import public
from kundval.models import Role
from tests.customers.conftest import choose
from tests.factories import MunicipalityFactory, member
from tests.headers import assert_house_headers
from tests.vouchers import conftest as vouchers_fixtures
from tests.vouchers import test_settlements
from tests.vouchers.test_settlement_pages import month_query

pytestmark = pytest.mark.django_db

world = vouchers_fixtures.world
tariff = vouchers_fixtures.tariff
accepted = vouchers_fixtures.accepted
finance = test_settlements.finance
last_month = test_settlements.last_month


@pytest.fixture
def as_finance(client, finance):
    client.force_login(finance)
    return client


def test_a_staff_page(world, last_month, as_finance):
    response = as_finance.get(
        reverse("settlement-month"), month_query(world, last_month.month)
    )
    assert response.status_code == 200
    assert_house_headers(response)
    assert response["Cache-Control"] == "no-store, private"


def test_a_pdf(last_month, as_finance):
    response = as_finance.get(reverse("settlement-pdf", args=[last_month.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert_house_headers(response)


def test_a_csv_export(world, last_month, as_finance):
    last_month.status = "approved"
    last_month.save(update_fields=["status"])
    response = as_finance.post(
        reverse("settlement-export"), month_query(world, last_month.month)
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert_house_headers(response)


def test_an_api_answer(last_month, finance):
    api = APIClient()
    api.force_authenticate(finance)
    month = f"{last_month.month:%Y-%m}"
    response = api.get(
        "/api/v1/settlements/", {"municipality": "nacka", "month": month}
    )
    assert response.status_code == 200
    assert_house_headers(response)


def _named_in_issue_14(world, choice) -> list[tuple[str, str, dict]]:
    """(reader, URL, query) of the answers the issue found cacheable."""
    customer, decision = world["customer"], world["decision"]
    return [
        ("officer", reverse("customer-page", args=[customer.pk]), {}),
        ("officer", reverse("work-list"), {}),
        ("first_user", reverse("order-page", args=[choice.pk]), {}),
        ("officer", f"/api/v1/customers/{customer.pk}/", {}),
        ("officer", f"/api/v1/decisions/{decision.pk}/", {}),
        ("first_user", "/api/v1/visits/", {"month": f"{decision.starts_on:%Y-%m}"}),
    ]


def test_the_answers_with_a_customer_s_data_are_not_stored(world):
    choice = choose(world, world["first"])
    for reader, url, query in _named_in_issue_14(world, choice):
        client = APIClient()
        client.force_login(world[reader])
        response = client.get(url, query)
        assert response.status_code == 200, url
        assert_house_headers(response)


def test_the_error_pages(client):
    assert_house_headers(client.get("/finns-inte/"))
    client.force_login(member(Role.CASE_OFFICER, MunicipalityFactory()))
    refused = client.get(reverse("start-finance"))
    assert refused.status_code == 403
    assert_house_headers(refused)


def test_the_public_start_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_house_headers(response)


def test_a_refused_form_gets_a_page_in_swedish():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()
    assert_house_headers(response)


def test_static_files_keep_their_caching(settings):
    settings.WHITENOISE_USE_FINDERS = True  # read when the client's handler starts
    response = Client().get("/static/css/kundval.css")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]


@public
def _cached_for_a_minute(request):
    response = HttpResponse("public, not personal")
    response["Cache-Control"] = "max-age=60"
    return response


urlpatterns = [path("cached/", _cached_for_a_minute)]


def test_a_view_s_own_cache_control_is_kept(client, settings):
    settings.ROOT_URLCONF = __name__
    assert client.get("/cached/")["Cache-Control"] == "max-age=60"
