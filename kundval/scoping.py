"""Which municipalities, providers and customers a user may see, and in
which of them a user may act.

The one place that answers both (docs/domain.md §8). Default deny: a
user with no membership sees nothing, a model that has not declared how it
is scoped (`scope_paths`) cannot be listed through here at all, and a
service refuses whoever `check_role` does not find in the role.

Provider membership lives in the providers app, which sits below this one;
it tells scoping about it with `register_provider_resolver` instead of being
imported here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet

from kundval.models import Membership, Municipality, Role

ProviderResolver = Callable[[object], Iterable[int]]
_provider_resolvers: list[ProviderResolver] = []


def register_provider_resolver(resolver: ProviderResolver) -> None:
    """Let an app say which provider ids a user is a member of."""
    if resolver not in _provider_resolvers:
        _provider_resolvers.append(resolver)


@dataclass(frozen=True)
class Scope:
    """What one user may see: roles per municipality, and providers."""

    roles_by_municipality: dict[int, frozenset[str]] = field(default_factory=dict)
    provider_ids: frozenset[int] = frozenset()

    @property
    def roles(self) -> frozenset[str]:
        held = set().union(*self.roles_by_municipality.values())
        if self.provider_ids:
            held.add(Role.PROVIDER_USER)
        return frozenset(held)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def municipality_ids(self, *roles: str) -> frozenset[int]:
        """Municipalities where the user holds any of `roles` (any role if none)."""
        wanted = set(roles) or None
        return frozenset(
            municipality_id
            for municipality_id, held in self.roles_by_municipality.items()
            if wanted is None or held & wanted
        )


NOBODY = Scope()


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object (that is, per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, "_kundval_scope", None)
    if cached is None:
        cached = _compute_scope(user)
        user._kundval_scope = cached
    return cached


def _compute_scope(user) -> Scope:
    roles: dict[int, set[str]] = {}
    for municipality_id, role in Membership.objects.filter(user=user).values_list(
        "municipality_id", "role"
    ):
        roles.setdefault(municipality_id, set()).add(role)
    provider_ids = frozenset(
        provider_id
        for resolver in _provider_resolvers
        for provider_id in resolver(user)
    )
    return Scope(
        roles_by_municipality={k: frozenset(v) for k, v in roles.items()},
        provider_ids=provider_ids,
    )


def visible(queryset: QuerySet, user, *roles: str) -> QuerySet:
    """Filter `queryset` to the rows `user` may see in one of `roles`.

    With no roles given, any role counts. Provider users see rows reached
    through their providers, and only when the model declares such a path.
    """
    paths = _scope_paths(queryset.model)
    scope = scope_of(user)
    wants_provider = not roles or Role.PROVIDER_USER in roles
    municipal_roles = [r for r in roles if r != Role.PROVIDER_USER]
    if roles and not municipal_roles:
        municipality_ids = frozenset()
    else:
        municipality_ids = scope.municipality_ids(*municipal_roles)
    condition = Q(pk__in=[])
    if paths.municipality and municipality_ids:
        condition |= Q(**{f"{paths.municipality}__in": municipality_ids})
    if paths.provider and scope.provider_ids and wants_provider:
        condition |= _provider_condition(paths.provider, scope.provider_ids)
    return queryset.filter(condition)


def _provider_condition(path, provider_ids: frozenset[int]) -> Q:
    if callable(path):
        return path(provider_ids)
    return Q(**{f"{path}__in": provider_ids})


def _scope_paths(model: type[Model]):
    paths = getattr(model, "scope_paths", None)
    if paths is None:
        raise ImproperlyConfigured(
            f"{model.__name__} declares no scope_paths; it cannot be scoped."
        )
    return paths


def visible_municipalities(user, *roles: str) -> QuerySet[Municipality]:
    return visible(Municipality.objects.all(), user, *roles)


def holds_role(
    user,
    *roles: str,
    municipality_id: int | None = None,
    provider_id: int | None = None,
) -> bool:
    """Whether `user` holds one of `roles` in the municipality, or, for the
    provider user role, is a user of the provider."""
    scope = scope_of(user)
    for role in roles:
        if role == Role.PROVIDER_USER:
            if provider_id is not None and provider_id in scope.provider_ids:
                return True
        elif municipality_id in scope.municipality_ids(role):
            return True
    return False


def check_role(
    user,
    *roles: str,
    municipality_id: int | None = None,
    provider_id: int | None = None,
) -> None:
    """Refuse (PermissionDenied) unless `user` holds one of `roles` there:
    the one role check of every service."""
    if not holds_role(
        user, *roles, municipality_id=municipality_id, provider_id=provider_id
    ):
        raise PermissionDenied
