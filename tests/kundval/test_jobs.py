"""Background jobs: the transition table, eager runs and a real worker."""

import time

import pytest
from django.db import transaction

from kundval import tasks
from kundval.models import Job
from kundval.services import JOB_TRANSITIONS, job_advance, job_create
from tests.transitions import check_pair, every_pair

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("source", "target"), every_pair(JOB_TRANSITIONS))
def test_every_pair_of_the_job_table(source, target):
    job = Job.objects.create(kind="test", status=source)
    check_pair(
        JOB_TRANSITIONS,
        source,
        target,
        move=lambda _who: job_advance(job_id=job.pk, status=target),
        state_of=lambda: Job.objects.get(pk=job.pk).status,
    )


def test_system_check_runs_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="system_check", task=tasks.system_check)
    job.refresh_from_db()
    assert (job.status, job.progress) == (Job.Status.DONE, 100)


def test_system_check_twice_changes_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="system_check", task=tasks.system_check)
    before = Job.objects.get(pk=job.pk)
    tasks.system_check(job.pk)
    after = Job.objects.get(pk=job.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)


def test_system_check_reports_unwritable_storage(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(kind="system_check", task=tasks.system_check)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.message


def test_real_worker_runs_queued_job(celery_worker):
    with transaction.atomic():
        job = job_create(kind="system_check", task=tasks.system_check)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (Job.Status.DONE, Job.Status.FAILED):
            break
        time.sleep(0.2)
    assert job.status == Job.Status.DONE, job.message
    assert celery_worker.poll() is None  # the worker, not this process, ran it
