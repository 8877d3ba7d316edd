"""Celery tasks of the shared base. Tasks take ids and call one service."""

from celery import shared_task

from kundval.services import system_check_run


@shared_task(name="kundval.system_check")
def system_check(job_id: int) -> None:
    system_check_run(job_id=job_id)
