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
