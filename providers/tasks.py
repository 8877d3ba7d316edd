"""Celery tasks of the providers app; each takes ids and calls one service."""

from celery import shared_task


@shared_task(name="providers.send_invitation")
def send_invitation(membership_id: int) -> None:
    from providers.services import invitation_send  # services import this module

    invitation_send(membership_id=membership_id)
