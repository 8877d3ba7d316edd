"""The annual quality reports with a real Celery worker and Redis: a batch
finishes, and a worker killed with SIGKILL in the middle of a batch loses
nothing and makes nothing twice once another worker takes over."""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection, transaction
from django.utils import timezone

from followup.models import QualityReport
from followup.services.reports import report_batch_start
from kundval.celery import app as celery_app
from kundval.models import Job, Role
from tests.conftest import _database_environment
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ServiceFactory,
    authorize,
    member,
)

YEAR = timezone.localdate().year
# The worker of these tests: Redis hands a message that a dead worker never
# acknowledged to another after `visibility_timeout` seconds (an hour by
# default), checked every `unacked_restore_interval`. Each report takes at
# least SLOW seconds, so the worker can be killed in the middle.
WORKER = """
import sys, time
from kundval.celery import app
app.conf.broker_transport_options = {
    "visibility_timeout": 4,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
import django
django.setup()
from followup.services import reports
render = reports._render
def slow(*args):
    time.sleep(%(slow)s)
    return render(*args)
reports._render = slow
app.worker_main(["worker", "-P", "solo", "-Q", sys.argv[1], "--without-gossip",
                 "--without-mingle", "-l", "WARNING"])
"""
SLOW = 0.7


@pytest.fixture
def start_worker(transactional_db, settings):
    """Start workers on one queue of its own; each may be killed and another
    started. They use the test database and private storage."""
    if not settings.CELERY_BROKER_URL:
        pytest.fail("make test and .ci/run give the suite a broker (CELERY_BROKER_URL)")
    queue = f"kundval-test-{uuid.uuid4().hex[:12]}"
    environment = {
        **os.environ,
        **_database_environment(connection.settings_dict),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "PRIVATE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    workers = []

    def start():
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER % {"slow": SLOW}, queue], env=environment
        )
        workers.append(worker)
        return worker

    celery_app.conf.task_always_eager = False
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    try:
        yield start
    finally:
        celery_app.conf.task_default_queue = previous_queue
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)


def _municipality_with(providers: int):
    municipality = MunicipalityFactory()
    service = ServiceFactory(municipality=municipality)
    area = AreaFactory(municipality=municipality)
    for _ in range(providers):
        authorize(ProviderFactory(), service, [area])
    return municipality, member(Role.QUALITY_OFFICER, municipality)


def _start(municipality, officer) -> Job:
    with transaction.atomic():
        return report_batch_start(
            user=officer, municipality_id=municipality.pk, year=YEAR
        )


def _wait(job: Job, seconds: float = 120) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (Job.Status.DONE, Job.Status.FAILED):
            break
        time.sleep(0.2)
    return job


def _assert_each_report_once(job: Job, municipality, reports: int) -> None:
    assert (job.status, job.progress, job.steps, job.steps_done) == (
        Job.Status.DONE,
        100,
        reports,
        reports,
    ), job.message
    made = QualityReport.objects.filter(municipality=municipality, year=YEAR)
    assert made.count() == reports
    assert len({r.provider_id for r in made}) == reports
    assert all(r.job_id == job.pk and r.version == 1 for r in made)
    for report in made:
        assert report.file.read().startswith(b"%PDF")


def test_a_real_worker_makes_the_batch(start_worker):
    municipality, officer = _municipality_with(2)
    worker = start_worker()
    job = _wait(_start(municipality, officer))
    _assert_each_report_once(job, municipality, 3)
    assert worker.poll() is None  # the worker, not this process, made them


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(start_worker):
    municipality, officer = _municipality_with(5)
    first = start_worker()
    job = _start(municipality, officer)
    made = QualityReport.objects.filter(job=job)
    deadline = time.monotonic() + 90
    while not made.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert made.exists(), "the first worker made no report"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert made.count() < 6, "the batch ended before the worker was killed"
    start_worker()
    job = _wait(job)
    _assert_each_report_once(job, municipality, 6)
