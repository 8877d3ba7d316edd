"""Celery tasks of vouchers; each takes ids and calls one service."""

from datetime import date

from celery import shared_task


@shared_task(name="vouchers.settle_part")
def settle_part(job_id: int, municipality_id: int, month: str, provider_ids: list[int]):
    from vouchers.settlement.jobs import settlement_part_run

    settlement_part_run(
        job_id=job_id,
        municipality_id=municipality_id,
        month=date.fromisoformat(month),
        provider_ids=provider_ids,
    )


@shared_task(name="vouchers.retention_run")
def retention_run_daily() -> int:
    """Daily (Celery beat): erase the personal data whose retention ran out
    (docs/retention.md). No arguments: it asks the database whom it is due
    for, and a second run the same day finds no one."""
    from django.utils import timezone

    from vouchers.services.retention import retention_run

    results = retention_run(on=timezone.localdate())
    return sum(len(result.customer_ids) for result in results)
