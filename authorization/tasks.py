"""Celery tasks of authorization; each takes ids and calls one service."""

from celery import shared_task


@shared_task(name="authorization.remind_expiring_documents")
def remind_expiring_documents() -> int:
    """Daily (Celery beat): reminders 30 days before a certificate runs out."""
    from authorization.services import documents_expiring_remind

    return documents_expiring_remind()
