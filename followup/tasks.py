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
