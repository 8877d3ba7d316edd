"""Celery tasks of the shared base. Tasks take ids and call one service."""

from celery import shared_task

from kundval.services import system_check_run


@shared_task(name="kundval.system_check")
def system_check(job_id: int) -> None:
    system_check_run(job_id=job_id)


@shared_task(name="kundval.send_mail")
def send_mail(mail_id: int) -> None:
    from kundval.mail import mail_send  # kundval.mail queues this task

    mail_send(mail_id=mail_id)


@shared_task(name="kundval.send_waiting_mail")
def send_waiting_mail() -> int:
    """Every few minutes (Celery beat): mail whose task was lost."""
    from kundval.mail import mail_send_waiting

    return mail_send_waiting()
