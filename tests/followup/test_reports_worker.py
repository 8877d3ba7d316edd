"""The annual quality reports with a real Celery worker and Redis: a batch
finishes, and a worker killed with SIGKILL in the middle of a batch loses
nothing and makes nothing twice once another worker takes over."""

import signal
import time

from django.db import transaction
from django.utils import timezone

from followup.models import QualityReport
from followup.services.reports import report_batch_start
from kundval.models import Job, Role
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ServiceFactory,
    authorize,
    member,
)

YEAR = timezone.localdate().year


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


def test_a_real_worker_makes_the_batch(restartable_worker):
    municipality, officer = _municipality_with(2)
    worker = restartable_worker()
    job = _wait(_start(municipality, officer))
    _assert_each_report_once(job, municipality, 3)
    assert worker.poll() is None  # the worker, not this process, made them


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_nothing(
    restartable_worker,
):
    municipality, officer = _municipality_with(5)
    # Each report takes a second at least, so the kill falls mid-batch.
    first = restartable_worker(slow_reports=1.0)
    job = _start(municipality, officer)
    made = QualityReport.objects.filter(job=job)
    deadline = time.monotonic() + 90
    while not made.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert made.exists(), "the first worker made no report"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert made.count() < 6, "the batch ended before the worker was killed"
    restartable_worker()
    job = _wait(job)
    _assert_each_report_once(job, municipality, 6)
