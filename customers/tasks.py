"""Celery tasks of customers; each takes ids and calls one service."""

from celery import shared_task


@shared_task(name="customers.notify_provider")
def notify_provider(notice_id: int) -> None:
    from customers.notifications import provider_notice_mail

    provider_notice_mail(notice_id=notice_id)


@shared_task(name="customers.notify_declined")
def notify_declined(choice_id: int) -> None:
    from customers.notifications import declined_mail

    declined_mail(choice_id=choice_id)
