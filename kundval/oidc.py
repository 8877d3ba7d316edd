"""Municipal single sign-on by OpenID Connect (mozilla-django-oidc), an
option that is off unless OIDC_ENABLED (docs/sign-in.md).

Only people who already have an account sign in this way: the identity
provider's e-mail claim is matched to one active account, and no account is
ever made from a claim. The municipality's identity provider asks for the
second factor itself, so a session this backend opened counts as verified
(kundval.twofactor.SSO_BACKEND).
"""

from functools import wraps

from django.conf import settings
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from kundval.access import public


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        """The active accounts with the claim's address; a provider that says
        the address is unverified matches none."""
        email = claims.get("email")
        if not email or claims.get("email_verified") is False:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)


def _when_enabled(view):
    """The view while single sign-on is on; 404 while it is off."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return public(guarded)


start = _when_enabled(OIDCAuthenticationRequestView.as_view())
callback = _when_enabled(OIDCAuthenticationCallbackView.as_view())
