"""A month's settlement as a background job the finance officer watches:
the providers are split into parts of PART_SIZE, one Celery task each, and
the job's progress counts the parts done. Each part is settlement_run over
its providers, so a part delivered twice changes nothing."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from kundval.models import Job
from kundval.services import job_advance, job_step_done
from vouchers import tasks
from vouchers.services.settlement_review import finance_officer_of
from vouchers.services.settlements import providers_to_settle, settlement_run

PART_SIZE = 25


def job_kind(month: date) -> str:
    return f"settlement:{month:%Y-%m}"


def settlement_month_start(*, user, municipality_id: int, month: date) -> Job:
    """Queue the month's settlement; the tasks start once this commits."""
    finance_officer_of(user, municipality_id)
    providers = providers_to_settle(municipality_id=municipality_id, month=month)
    parts = [providers[i : i + PART_SIZE] for i in range(0, len(providers), PART_SIZE)]
    if not parts:
        return Job.objects.create(
            kind=job_kind(month),
            municipality_id=municipality_id,
            created_by=user,
            status=Job.Status.DONE,
            progress=100,
            message=_("No time is reported for the month."),
        )
    job = Job.objects.create(
        kind=job_kind(month),
        municipality_id=municipality_id,
        created_by=user,
        steps=len(parts),
    )
    for part in parts:
        transaction.on_commit(
            lambda part=part: tasks.settle_part.delay(
                job.pk, municipality_id, month.isoformat(), part
            )
        )
    return job


def settlement_part_run(
    *, job_id: int, municipality_id: int, month: date, provider_ids: list[int]
) -> None:
    job = Job.objects.get(pk=job_id)
    if job.status in (Job.Status.DONE, Job.Status.FAILED):
        return
    if job.status == Job.Status.QUEUED:
        job_advance(job_id=job_id, status=Job.Status.RUNNING)
    try:
        settlement_run(
            municipality_id=municipality_id, month=month, provider_ids=provider_ids
        )
    except Exception as error:
        job_advance(job_id=job_id, status=Job.Status.FAILED, message=str(error))
        raise
    job_step_done(job_id=job_id)


def settlement_job_latest(*, municipality_id: int, month: date) -> Job | None:
    return (
        Job.objects.filter(kind=job_kind(month), municipality_id=municipality_id)
        .order_by("-created_at")
        .first()
    )
