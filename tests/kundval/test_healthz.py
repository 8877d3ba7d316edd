"""GET /healthz reports the database and the broker."""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "eager", "unavailable"}
    # A monitor must see the answer of now, never a cached one.
    assert response["Cache-Control"] == "no-store, private"


def test_healthz_broker_ok_when_queue_answers(client, settings):
    from kundval.celery import app

    if not settings.CELERY_BROKER_URL:
        pytest.fail("make test and .ci/run give the suite a broker")
    app.conf.task_always_eager = False
    assert client.get("/healthz").json()["broker"] == "ok"
