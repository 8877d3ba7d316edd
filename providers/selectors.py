"""Reads of providers."""

from providers.models import ProviderMembership


def provider_ids_of(user) -> list[int]:
    """The providers `user` acts for; scoping asks this for every request."""
    return list(
        ProviderMembership.objects.filter(user=user).values_list(
            "provider_id", flat=True
        )
    )
