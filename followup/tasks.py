"""Celery tasks of follow-up; each takes ids (or none) and calls one service."""

from celery import shared_task


@shared_task(name="followup.remind_overdue_complaints")
def remind_overdue_complaints() -> int:
    """Daily (Celery beat): find the overdue complaints and queue their
    reminders by id; a second run the same day sends nothing more."""
    from followup.selectors import complaints_overdue

    ids = list(complaints_overdue().values_list("pk", flat=True))
    if ids:
        remind_complaints.delay(ids)
    return len(ids)


@shared_task(name="followup.remind_complaints")
def remind_complaints(complaint_ids: list[int]) -> int:
    """Remind the handlers of these complaints (idempotent per day)."""
    from followup.services import complaints_overdue_remind

    return complaints_overdue_remind(complaint_ids=complaint_ids)


@shared_task(
    name="followup.make_quality_report", acks_late=True, reject_on_worker_lost=True
)
def make_quality_report(job_id: int, provider_id: int | None, year: int) -> None:
    """One part of a batch of annual quality reports (provider None: the
    municipal summary). Delivered again after a worker died, it makes
    nothing twice (followup.services.reports)."""
    from followup.services.reports import quality_report_make

    quality_report_make(job_id=job_id, provider_id=provider_id, year=year)
