"""The Celery app. Settings come from Django's (CELERY_* names).

Tasks are acknowledged late and re-queued if a worker dies, so every task
must be idempotent and take ids, never objects or identity numbers.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundval.settings")

app = Celery("kundval")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_soft_time_limit=15 * 60,
    task_time_limit=16 * 60,
    task_ignore_result=True,
    broker_connection_retry_on_startup=True,
    timezone="Europe/Stockholm",
)
app.autodiscover_tasks()
