"""Reads of providers: whom a user acts for and administers, the colleagues
page and a provider's profile history. A user sees only the providers they
are a member of (kundval.scoping)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kundval.models import Role
from kundval.scoping import visible
from providers.models import Provider, ProviderChange, ProviderMembership


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


def administers(*, user, provider: Provider) -> bool:
    """Whether `user` administers `provider`: to other members its profile is
    shown read-only."""
    return administered_providers(user).filter(pk=provider.pk).exists()


def colleagues_of(*, user) -> QuerySet[ProviderMembership]:
    """The members of the providers `user` administers, with user and
    provider: whom the colleagues page lists, and no other provider's."""
    members = ProviderMembership.objects.filter(
        provider__in=administered_providers(user)
    )
    return members.select_related("user", "provider")


def providers_of(*, user) -> QuerySet[Provider]:
    """The providers `user` acts for, by name: the start page lists them,
    and a page of one provider picks from them."""
    return visible(Provider.objects.all(), user, Role.PROVIDER_USER)


def provider_of(*, user, pk: int) -> Provider:
    """One of the providers `user` acts for; 404 for any other."""
    return get_object_or_404(providers_of(user=user), pk=pk)


def first_provider_of(*, user) -> Provider | None:
    """The first, by name, of the providers `user` acts for (in practice a
    user acts for one), or None: whom a page asked for no provider is of."""
    return providers_of(user=user).first()


def profile_changes_of(*, provider: Provider) -> QuerySet[ProviderChange]:
    """The provider's profile changes, newest first, with who made each: the
    history under its profile."""
    return provider.changes.select_related("by")


def provider_emails(provider: Provider) -> set[str]:
    """Where mail to a provider goes: its contact address and its administrators."""
    admins = (
        provider.memberships.filter(is_admin=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return {provider.contact_email, *admins}


def administers_colleague(by, user) -> bool:
    """Whether `by` administers a provider `user` acts for: then `by` may
    reset the colleague's two-factor sign-in (kundval.twofactor)."""
    return ProviderMembership.objects.filter(
        user=user, provider__in=administered_providers(by)
    ).exists()
