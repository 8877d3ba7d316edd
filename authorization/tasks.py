"""Celery tasks of authorization; each takes ids and calls one service."""

from celery import shared_task


@shared_task(name="authorization.notify_application_event")
def notify_application_event(event_id: int) -> None:
    from authorization.services import application_event_notify  # imports this

    application_event_notify(event_id=event_id)


@shared_task(name="authorization.remind_expiring_documents")
def remind_expiring_documents() -> int:
    """Daily (Celery beat): reminders 30 days before a certificate runs out."""
    from authorization.services import documents_expiring_remind

    return documents_expiring_remind()


@shared_task(name="authorization.notify_sanction")
def notify_sanction(sanction_id: int) -> None:
    from authorization.services.notifications import sanction_notify

    sanction_notify(sanction_id=sanction_id)


@shared_task(name="authorization.notify_contract_accepted")
def notify_contract_accepted(authorization_id: int) -> None:
    from authorization.services.notifications import contract_accepted_notify

    contract_accepted_notify(authorization_id=authorization_id)
