"""Celery tasks of authorization; each takes ids and calls one service."""

from celery import shared_task


@shared_task(name="authorization.notify_application_event")
def notify_application_event(event_id: int) -> None:
    from authorization.services import application_event_notify  # imports this

    application_event_notify(event_id=event_id)
