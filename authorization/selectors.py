"""Reads of announcements and conditions."""

from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from authorization.models import Announcement, Authorization, Condition


def announcements_published() -> QuerySet[Announcement]:
    return (
        Announcement.objects.filter(published_at__isnull=False)
        .select_related("service__municipality")
        .prefetch_related("areas")
    )


def conditions_of(announcement: Announcement) -> QuerySet[Condition]:
    """The general conditions of its municipality, then those of its service."""
    service = announcement.service
    return Condition.objects.filter(
        Q(municipality=service.municipality_id, service__isnull=True)
        | Q(service=service)
    ).order_by(F("service").asc(nulls_first=True), "position")


def authorizations_in_force(on: date | None = None) -> QuerySet[Authorization]:
    """Contract accepted, started, and not revoked on the day `on` (today)."""
    day = on or timezone.localdate()
    return Authorization.objects.filter(
        contract_accepted_at__isnull=False, valid_from__lte=day
    ).filter(Q(revoked_from__isnull=True) | Q(revoked_from__gt=day))
