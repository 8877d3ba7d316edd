"""The access log records reads and cannot be changed or deleted."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction
from django.db.utils import InternalError
from django.test import RequestFactory

from kundval.middleware import RequestIdMiddleware
from kundval.models import AccessLog, Membership, Role
from kundval.services import access_log_record
from tests.factories import MunicipalityFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    municipality = MunicipalityFactory()
    officer = member(Role.CASE_OFFICER, municipality)
    return access_log_record(
        user=officer,
        municipality_id=municipality.pk,
        customer_id=42,
        what="need decision",
    )


def test_record_keeps_who_role_what_and_the_servers_request_id():
    municipality = MunicipalityFactory()
    officer = member(Role.QUALITY_OFFICER, municipality)
    captured = {}

    def view(request):
        captured["entry"] = access_log_record(
            user=officer,
            municipality_id=municipality.pk,
            customer_id=7,
            what="customer card",
        )
        from django.http import HttpResponse

        return HttpResponse()

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-12345678")
    response = RequestIdMiddleware(view)(request)
    entry = AccessLog.objects.get(pk=captured["entry"].pk)
    assert (entry.user, entry.role, entry.customer_id) == (
        officer,
        Role.QUALITY_OFFICER,
        7,
    )
    assert entry.what == "customer card"
    # The client's id is not what the log records: the server makes its own.
    assert entry.request_id == response["X-Request-ID"]
    assert len(entry.request_id) == 32 and entry.request_id != "req-12345678"
    assert entry.at.utcoffset().total_seconds() == 0


def test_orm_cannot_change_or_delete(entry):
    entry.what = "something else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).update(what="x")
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get(pk=entry.pk).what == "need decision"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE kundval_accesslog SET what = 'x'",
        "DELETE FROM kundval_accesslog",
    ],
)
def test_database_refuses_change_even_in_raw_sql(entry, statement):
    with (
        pytest.raises(InternalError, match="cannot be changed or deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AccessLog.objects.filter(pk=entry.pk, what="need decision").exists()


def test_admin_is_read_only(entry, rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    model_admin = site._registry[AccessLog]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)


def test_role_logged_is_the_users_role_in_that_municipality():
    nacka, trosa = MunicipalityFactory(), MunicipalityFactory()
    user = member(Role.FINANCE_OFFICER, nacka)
    Membership.objects.create(user=user, municipality=nacka, role=Role.CASE_OFFICER)
    in_nacka = access_log_record(
        user=user, municipality_id=nacka.pk, customer_id=1, what="a"
    )
    assert in_nacka.role == Role.CASE_OFFICER
    # No municipal role there: the read came through a provider membership.
    in_trosa = access_log_record(
        user=user, municipality_id=trosa.pk, customer_id=2, what="b"
    )
    assert in_trosa.role == Role.PROVIDER_USER


def test_client_request_id_is_kept_beside_the_servers_in_log_lines(caplog):
    import logging

    from kundval.middleware import RequestIdLogFilter

    def view(request):
        logging.getLogger("kundval.probe").warning("inside")
        from django.http import HttpResponse

        return HttpResponse()

    handler_filter = RequestIdLogFilter()
    caplog.handler.addFilter(handler_filter)
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="proxy-abcdef12")
    response = RequestIdMiddleware(view)(request)
    record = next(r for r in caplog.records if r.name == "kundval.probe")
    assert record.request_id == response["X-Request-ID"] != "proxy-abcdef12"
    assert record.client_request_id == "proxy-abcdef12"
