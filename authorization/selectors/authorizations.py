"""Reads of authorizations: those in force (and the open data on the
providers that hold them), and those a user sees: a provider its own, the
quality unit its municipalities' (kundval.scoping)."""

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from authorization.models import Authorization
from kundval.scoping import visible
from providers.models import Provider


def authorizations_in_force(on: date | None = None) -> QuerySet[Authorization]:
    """Contract accepted, started, and not revoked on the day `on` (today)."""
    day = on or timezone.localdate()
    return Authorization.objects.filter(
        contract_accepted_at__isnull=False, valid_from__lte=day
    ).filter(Q(revoked_from__isnull=True) | Q(revoked_from__gt=day))


def authorized_providers(
    *, municipality: str = "", service: str = "", area: str = ""
) -> QuerySet[Provider]:
    """The providers with an authorization in force in the municipality,
    service and area given by slug (any, where empty), each with all its
    authorizations in force as `authorizations_in_force`: open data."""
    slugs = {
        "service__municipality__slug": municipality,
        "service__slug": service,
        "areas__slug": area,
    }
    in_force = authorizations_in_force().filter(
        **{lookup: slug for lookup, slug in slugs.items() if slug}
    )
    shown = authorizations_in_force().select_related("service__municipality")
    return (
        Provider.objects.filter(authorizations__in=in_force)
        .distinct()
        .prefetch_related(
            Prefetch(
                "authorizations",
                queryset=shown.prefetch_related("areas"),
                to_attr="authorizations_in_force",
            )
        )
    )


def authorizations_of(*, user, role: str) -> QuerySet[Authorization]:
    """The authorizations `user` sees in `role`, with provider, service and
    call."""
    authorizations = Authorization.objects.select_related(
        "provider", "service__municipality", "application__announcement"
    )
    return visible(authorizations, user, role)


def authorization_of(*, user, role: str, pk: int) -> Authorization:
    """One of authorizations_of; 404 for what scoping hides."""
    return get_object_or_404(authorizations_of(user=user, role=role), pk=pk)
