"""Who may use a view: every view declares it, and undeclared means denied.

Function views are wrapped with `public` or `require_roles`; API views set
`access_policy` on the class and get `DeclaredAccess` from the DRF defaults.
The access-matrix test walks every URL and reads the policy with `policy_of`,
so a URL that declares nothing fails the suite.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission

from kundval.scoping import scope_of
from kundval.twofactor import needs_second_factor


@dataclass(frozen=True)
class AccessPolicy:
    public: bool = False
    roles: frozenset[str] = frozenset()
    # Django's own admin, guarded by its is_staff check, for operators.
    django_admin: bool = False

    def allows(self, user) -> bool:
        if self.public:
            return True
        if self.django_admin:
            return user.is_active and user.is_staff
        return scope_of(user).has_role(*self.roles)


PUBLIC = AccessPolicy(public=True)
DJANGO_ADMIN = AccessPolicy(django_admin=True)


def roles_policy(*roles: str) -> AccessPolicy:
    if not roles:
        raise ValueError("A role policy needs at least one role.")
    return AccessPolicy(roles=frozenset(roles))


def public(view):
    """Declare a function view open to everyone, signed in or not."""
    view.access_policy = PUBLIC
    return view


def require_roles(*roles: str):
    """Allow a function view to users holding any of `roles`; deny the rest.

    Anonymous users are sent to the login page, users who have not passed
    the second factor to it (kundval.twofactor); signed-in users without the
    role get 403. Row-level scoping is still the view's job, via scoping.
    """
    policy = roles_policy(*roles)

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if needs_second_factor(request):
                return redirect_to_login(request.get_full_path(), reverse("two-factor"))
            if not policy.allows(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.access_policy = policy
        return guarded

    return decorate


class DeclaredAccess(BasePermission):
    """DRF's default permission: the view's `access_policy`, or deny.

    A browser session must have passed the second factor, as on the pages.
    A token is a machine's credential, issued by an operator, and has no
    second factor to pass (docs/sign-in.md).
    """

    def has_permission(self, request, view) -> bool:
        policy = getattr(view, "access_policy", None)
        if policy is None:
            return False
        if policy.public:
            return True
        by_session = isinstance(request.successful_authenticator, SessionAuthentication)
        if by_session and needs_second_factor(request):
            return False
        return policy.allows(request.user)


def _is_django_admin(callback) -> bool:
    """Views of Django's admin, which guards them itself (is_staff)."""
    if hasattr(callback, "admin_site") or hasattr(callback, "model_admin"):
        return True
    view = callback
    while view is not None:  # through decorators down to the bound method
        if isinstance(getattr(view, "__self__", None), AdminSite | BaseModelAdmin):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def policy_of(callback) -> AccessPolicy | None:
    """The declared policy of a URL's view callback, whatever kind of view."""
    if _is_django_admin(callback):
        return DJANGO_ADMIN
    for holder in (
        callback,
        getattr(callback, "cls", None),
        getattr(callback, "view_class", None),
    ):
        policy = getattr(holder, "access_policy", None)
        if policy is not None:
            return policy
    return None
