"""Business rules of the shared base: the access log and background jobs."""

from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kundval.middleware import current_request_id
from kundval.models import MUNICIPAL_ROLES, AccessLog, Job, Role
from kundval.scoping import scope_of
from kundval.transitions import SYSTEM, Transitions

J = Job.Status
# A job is moved by its worker only; running → running reports progress.
JOB_TRANSITIONS = Transitions(
    states=J,
    edges={
        (J.QUEUED, J.RUNNING): SYSTEM,
        (J.QUEUED, J.FAILED): SYSTEM,
        (J.RUNNING, J.RUNNING): SYSTEM,
        (J.RUNNING, J.DONE): SYSTEM,
        (J.RUNNING, J.FAILED): SYSTEM,
    },
    refusal=gettext_lazy("A job that is %(status)s cannot become %(to)s."),
)


def access_log_record(
    *, user, municipality_id: int, customer_id: int, what: str
) -> AccessLog:
    """Record that `user` read a customer's data. Call it on every such read."""
    row = _access_log_row(user, municipality_id, customer_id, what)
    row.save()
    return row


def access_log_record_many(*, user, customers, what: str) -> None:
    """One row per customer shown in a list (each a read of their data), in
    one insert (the customers' municipality ids suffice: no query per row)."""
    unique = {c.pk: c.municipality_id for c in customers}
    AccessLog.objects.bulk_create(
        [_access_log_row(user, m, pk, what) for pk, m in unique.items()]
    )


def _access_log_row(
    user, municipality_id: int, customer_id: int, what: str
) -> AccessLog:
    """The role logged is the one the user holds in the customer's
    municipality (the first in MUNICIPAL_ROLES order if several), or provider
    user when the read came through a provider membership."""
    held = scope_of(user).roles_by_municipality.get(municipality_id, frozenset())
    role = next((r for r in MUNICIPAL_ROLES if r in held), Role.PROVIDER_USER)
    return AccessLog(
        user=user,
        role=role,
        municipality_id=municipality_id,
        customer_id=customer_id,
        what=what[:200],
        request_id=current_request_id(),
    )


def job_create(
    *,
    kind: str,
    task,
    user=None,
    municipality_id: int | None = None,
    parts: Sequence[tuple] = ((),),
) -> Job:
    """Create a job row and, once the transaction commits, queue
    `task(job_id, *part)` for each of its `parts`. The job counts its parts
    (job_step_done), so its progress follows them."""
    job = Job.objects.create(
        kind=kind, created_by=user, municipality_id=municipality_id, steps=len(parts)
    )
    for part in parts:
        transaction.on_commit(lambda part=part: task.delay(job.pk, *part))
    return job


def job_advance(
    *, job_id: int, status: str, progress: int | None = None, message: str = ""
) -> Job:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        JOB_TRANSITIONS.check(job.status, status)
        job.status = status
        if progress is not None:
            job.progress = progress
        job.message = message[:500]
        job.save(update_fields=["status", "progress", "message", "updated_at"])
    return job


def job_fail(*, job_id: int, message: str) -> Job:
    """Mark a job failed, unless it has already ended: parts of one job run
    in parallel, and a second part may fail after the first did."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status in (Job.Status.DONE, Job.Status.FAILED):
            return job
        return job_advance(job_id=job_id, status=Job.Status.FAILED, message=message)


def job_step_done(*, job_id: int) -> Job:
    """Count one part of a job as done; the last part finishes the job."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status in (Job.Status.DONE, Job.Status.FAILED):
            return job
        job.steps_done = min(job.steps_done + 1, job.steps)
        job.progress = 100 * job.steps_done // job.steps
        status = J.DONE if job.steps_done == job.steps else J.RUNNING
        JOB_TRANSITIONS.check(job.status, status)
        job.status = status
        job.save(update_fields=["steps_done", "progress", "status", "updated_at"])
    return job


def system_check_run(*, job_id: int) -> Job:
    """Check what a worker needs (database, private storage) and report it.

    Idempotent: a job that already finished is returned as it is, so a task
    delivered twice does no harm.
    """
    job = Job.objects.get(pk=job_id)
    if job.status in (Job.Status.DONE, Job.Status.FAILED):
        return job
    job_advance(job_id=job_id, status=Job.Status.RUNNING, progress=10)
    problems = _storage_problems()
    if problems:
        return job_advance(job_id=job_id, status=Job.Status.FAILED, message=problems)
    return job_advance(
        job_id=job_id,
        status=Job.Status.DONE,
        progress=100,
        message=_("Database and private storage answered."),
    )


def _storage_problems() -> str:
    try:
        name = default_storage.save("system-check/probe.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except OSError as error:
        return _("Private storage is not writable: %(error)s") % {"error": error}
    return ""
