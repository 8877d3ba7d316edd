"""Reads of the shared base that need care: always scoped to the reader."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from kundval.models import AccessLog, Membership, Role
from kundval.scoping import visible


def access_log_entries(
    *,
    reader,
    username: str = "",
    customer_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessLog]:
    """The access log of the quality officer's municipalities, filtered.

    Dates are Stockholm calendar days; `date_to` includes the whole day.
    """
    entries = visible(AccessLog.objects.all(), reader, Role.QUALITY_OFFICER)
    if username:
        entries = entries.filter(user__username=username)
    if customer_id is not None:
        entries = entries.filter(customer_id=customer_id)
    if date_from:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return entries.select_related("user", "municipality")


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def member_emails(municipality_id: int, role: str) -> set[str]:
    """The addresses of the municipality's staff in `role` (say, its quality unit)."""
    return set(
        Membership.objects.filter(municipality_id=municipality_id, role=role)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
