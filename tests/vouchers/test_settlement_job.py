"""A month's settlement as a background job: split into parts of providers,
one Celery task each, progress counted per part; with tasks in the test
process and with a real worker."""

import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from kundval.models import Job, Role
from kundval.services import job_fail
from tests.factories import member
from tests.vouchers.conftest import at, visit_row
from tests.vouchers.test_rates import accepted_choice
from vouchers.models import Settlement
from vouchers.settlement import jobs
from vouchers.settlement.jobs import settlement_month_start

NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def two_providers(world, accepted):
    own = accepted_choice(world, world["own"], world["own_user"], "19400101-0000")
    visit_row(accepted, at(2026, 11, 3, 8), at(2026, 11, 3, 9))
    visit_row(own, at(2026, 11, 3, 8), at(2026, 11, 3, 9))
    return member(Role.FINANCE_OFFICER, world["nacka"])


def wait_for(job: Job) -> Job:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (Job.Status.DONE, Job.Status.FAILED):
            break
        time.sleep(0.2)
    return job


@pytest.mark.django_db
def test_each_part_is_a_task_and_the_job_counts_them(
    world, two_providers, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jobs, "PART_SIZE", 1)
    with django_capture_on_commit_callbacks(execute=True) as tasks:
        job = settlement_month_start(
            user=two_providers, municipality_id=world["nacka"].pk, month=NOVEMBER
        )
    assert len(tasks) == 2
    job.refresh_from_db()
    assert (job.status, job.steps, job.steps_done, job.progress) == (
        Job.Status.DONE,
        2,
        2,
        100,
    )
    totals = dict(Settlement.objects.values_list("provider__name", "total"))
    assert totals == {
        "Första AB": Decimal("310.00"),
        "Nacka egen regi": Decimal("293.00"),
    }


@pytest.mark.django_db
def test_a_month_without_time_is_done_at_once(world, tariff):
    officer = member(Role.FINANCE_OFFICER, world["nacka"])
    job = settlement_month_start(
        user=officer, municipality_id=world["nacka"].pk, month=NOVEMBER
    )
    assert (job.status, job.progress) == (Job.Status.DONE, 100)
    assert not Settlement.objects.exists()


def test_a_real_worker_settles_the_month(world, two_providers, celery_worker):
    with transaction.atomic():
        job = settlement_month_start(
            user=two_providers, municipality_id=world["nacka"].pk, month=NOVEMBER
        )
    job = wait_for(job)
    assert job.status == Job.Status.DONE, job.message
    assert Settlement.objects.count() == 2
    assert celery_worker.poll() is None  # the worker, not this process, ran it


@pytest.mark.django_db
def test_a_part_failing_after_another_failed_keeps_the_first_reason(
    world, two_providers, monkeypatch
):
    """Parts run in parallel: while one runs, another may fail the job."""
    job = Job.objects.create(
        kind=jobs.job_kind(NOVEMBER),
        municipality=world["nacka"],
        created_by=two_providers,
        steps=2,
        status=Job.Status.RUNNING,
    )

    def other_part_fails_meanwhile(**_arguments):
        job_fail(job_id=job.pk, message="Den första delen misslyckades.")
        raise DatabaseError("canceling statement due to statement timeout")

    monkeypatch.setattr(jobs, "settlement_run", other_part_fails_meanwhile)
    jobs.settlement_part_run(
        job_id=job.pk,
        municipality_id=world["nacka"].pk,
        month=NOVEMBER,
        provider_ids=[world["first"].pk],
    )
    job.refresh_from_db()
    assert (job.status, job.message) == (
        Job.Status.FAILED,
        "Den första delen misslyckades.",
    )
