"""Reads of the shared base that need care: always scoped to the reader,
except the public list of municipalities."""

from datetime import date, datetime, time, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kundval.models import AccessLog, Job, Membership, Municipality, Role
from kundval.scoping import visible, visible_municipalities


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
    if date_to and date_to < date.max:  # no day follows 9999-12-31: no bound
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return entries.select_related("user", "municipality")


def access_log_page(
    *, reader, filters: dict | None, page_number: str | None, per_page: int
) -> Page:
    """A page of access_log_entries with `filters`; no rows at all when the
    filters were not valid (None), so a bad filter never shows the whole log."""
    if filters is None:
        entries = AccessLog.objects.none()
    else:
        entries = access_log_entries(reader=reader, **filters)
    return Paginator(entries, per_page).get_page(page_number)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def member_emails(municipality_id: int, role: str) -> set[str]:
    """The addresses of the municipality's staff in `role` (say, its quality unit)."""
    return set(
        Membership.objects.filter(municipality_id=municipality_id, role=role)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def municipalities_with_services() -> QuerySet[Municipality]:
    """Every municipality, by name, with its services and areas: public, the
    start page and the open-data API list them all."""
    return Municipality.objects.prefetch_related("services", "areas")


def role_start_municipalities(*, user, role: str) -> QuerySet[Municipality]:
    """The municipalities where `user` holds `role`, with their services and
    areas: what the role's start page lists."""
    return visible_municipalities(user, role).prefetch_related("services", "areas")


def municipality_of(*, user, role: str, slug: str) -> Municipality:
    """The municipality with `slug` if `user` holds `role` in it; 404 for
    any other, as if it did not exist."""
    return get_object_or_404(visible_municipalities(user, role), slug=slug)


def first_municipality_of(*, user, role: str) -> Municipality | None:
    """The first, by name, of the municipalities where `user` holds `role`,
    or None: where a job the user starts without naming one is recorded."""
    return visible_municipalities(user, role).first()


def latest_jobs(*, user, count: int) -> QuerySet[Job]:
    """The `count` newest jobs of the administrator's municipalities."""
    return visible(Job.objects.all(), user, Role.ADMINISTRATOR)[:count]
