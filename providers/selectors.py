"""Reads of providers."""

from providers.models import Provider, ProviderMembership


def provider_ids_of(user) -> list[int]:
    """The providers `user` acts for; scoping asks this for every request."""
    return list(
        ProviderMembership.objects.filter(user=user).values_list(
            "provider_id", flat=True
        )
    )


def administered_providers(user):
    """The providers `user` is an administrator of (and so may add colleagues to)."""
    return Provider.objects.filter(memberships__user=user, memberships__is_admin=True)


def provider_emails(provider: Provider) -> set[str]:
    """Where mail to a provider goes: its contact address and its administrators."""
    admins = (
        provider.memberships.filter(is_admin=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return {provider.contact_email, *admins}
