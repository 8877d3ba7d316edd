"""Reads of calls for applications: the published ones and their
conditions."""

from django.db.models import F, Q, QuerySet

from authorization.models import Announcement, Condition


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
