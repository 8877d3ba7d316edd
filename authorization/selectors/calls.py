"""Reads of calls for applications: the published ones, their conditions
and their areas. A call is public once published; before that it is not
there (404)."""

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from authorization.models import Announcement, Condition
from kundval.models import Area


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


def announcement_published(*, pk: int) -> Announcement:
    """A published call; 404 for one not published (yet)."""
    return get_object_or_404(announcements_published(), pk=pk)


def call_areas(*, announcement: Announcement) -> QuerySet[Area]:
    """The areas of the call: those an application to it may apply for."""
    return announcement.areas.all()
