"""A month's settlement as a background job the finance officer watches:
the providers are split into parts of PART_SIZE, one Celery task each, and
the job's progress counts the parts done. Each part is settlement_run over
its providers, so a part delivered twice changes nothing.

A part that fails leaves nothing stored (settlement_run is one transaction)
and marks the job failed, with the reason for the finance officer; the
traceback goes to the log. It does not raise, so a web process running tasks
eagerly (no broker) shows the failed job instead of an error page."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kundval.models import Job, Role
from kundval.scoping import check_role
from kundval.services import job_advance, job_create, job_fail, job_step_done
from vouchers import tasks
from vouchers.settlement.run import providers_to_settle, settlement_run

PART_SIZE = 25
logger = logging.getLogger(__name__)


def job_kind(month: date) -> str:
    return f"settlement:{month:%Y-%m}"


def settlement_month_start(*, user, municipality_id: int, month: date) -> Job:
    """Queue the month's settlement; the tasks start once this commits."""
    check_role(user, Role.FINANCE_OFFICER, municipality_id=municipality_id)
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
    return job_create(
        kind=job_kind(month),
        task=tasks.settle_part,
        user=user,
        municipality_id=municipality_id,
        parts=[(municipality_id, month.isoformat(), part) for part in parts],
    )


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
    except ValidationError as error:
        reason = " ".join(error.messages)
    except Exception:
        logger.exception("Settlement job %s: a part failed.", job_id)
        reason = _(
            "Part of the month could not be settled; nothing of that part was "
            "stored. The error is in the server's log: run the month again "
            "once it is fixed."
        )
    else:
        job_step_done(job_id=job_id)
        return
    job_fail(job_id=job_id, message=reason)


def settlement_job_latest(*, municipality_id: int, month: date) -> Job | None:
    return (
        Job.objects.filter(kind=job_kind(month), municipality_id=municipality_id)
        .order_by("-created_at")
        .first()
    )
