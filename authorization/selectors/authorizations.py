"""Reads of authorizations: those in force."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from authorization.models import Authorization


def authorizations_in_force(on: date | None = None) -> QuerySet[Authorization]:
    """Contract accepted, started, and not revoked on the day `on` (today)."""
    day = on or timezone.localdate()
    return Authorization.objects.filter(
        contract_accepted_at__isnull=False, valid_from__lte=day
    ).filter(Q(revoked_from__isnull=True) | Q(revoked_from__gt=day))
