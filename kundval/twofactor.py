"""Two-factor sign-in: who still has to pass it, enrolment, verification
and an administrator's reset (docs/sign-in.md).

A signed-in user counts as verified when django-otp's middleware found a
device in the session (TOTP or a recovery code), or when the session was
opened by municipal single sign-on, whose identity provider asks for the
second factor itself. The role check (kundval.access) asks `needs_second_factor`
on every page, so no page of a role can be reached with a password alone.
"""

from base64 import b32encode
from collections.abc import Callable

import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundval.models import Membership, Role, TwoFactorReset

RECOVERY_CODE_COUNT = 10
# Sessions signed in by this backend passed the identity provider's own
# second factor (kundval.oidc).
SSO_BACKEND = "kundval.oidc.MunicipalOIDCBackend"

# Apps below kundval (providers) say whom else a user may reset, as they do
# for scoping: fn(by, user) -> bool.
ResetPermission = Callable[[object, object], bool]
_reset_permissions: list[ResetPermission] = []


def register_reset_permission(permission: ResetPermission) -> None:
    if permission not in _reset_permissions:
        _reset_permissions.append(permission)


def needs_second_factor(request) -> bool:
    """Whether the signed-in user must still pass the second factor."""
    user = request.user
    if not settings.TWO_FACTOR_REQUIRED or not user.is_authenticated:
        return False
    if request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND:
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def has_authenticator(user) -> bool:
    return user_has_device(user, confirmed=True)


def totp_enrolment_device(*, user) -> TOTPDevice:
    """The authenticator being enrolled: a new secret until confirmed.

    Refused once the user has a confirmed device: a password alone must not
    be enough to add a second authenticator (an administrator resets instead).
    """
    if has_authenticator(user):
        raise PermissionDenied
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code: no request leaves the page."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


def totp_enrol_confirm(*, user, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator with a code from it, and make the recovery
    codes (returned once, in clear; each works one time)."""
    device = totp_enrolment_device(user=user)
    # Outside the transaction below: a failure's throttling must be kept.
    if not device.verify_token("".join(token.split())):
        raise ValidationError(_("The code is wrong or too old. Try the next one."))
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        recovery = StaticDevice.objects.create(user=user, name="recovery codes")
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            StaticToken(device=recovery, token=code) for code in codes
        )
    return device, codes


@transaction.atomic
def two_factor_verify(*, user, token: str):
    """The device that accepts `token`, or None: six digits go to the
    authenticator, anything else to the recovery codes (a used one is spent).
    Each device throttles its own failures (django-otp)."""
    token = "".join(token.split()).lower()
    kind = TOTPDevice if token.isdigit() else StaticDevice
    for device in kind.objects.devices_for_user(user).select_for_update():
        if device.verify_token(token):
            return device
    return None


def resettable_users(*, by) -> QuerySet:
    """Whom `by` may reset on the administration page: everyone for the
    site administrator, else the staff of the municipalities `by` administers."""
    users = get_user_model().objects.order_by("username")
    if by.is_superuser:
        return users
    administered = Membership.objects.filter(user=by, role=Role.ADMINISTRATOR)
    return users.filter(
        memberships__municipality__in=administered.values("municipality")
    ).distinct()


def _may_reset(by, user) -> bool:
    if by.is_superuser or resettable_users(by=by).filter(pk=user.pk).exists():
        return True
    return any(permission(by, user) for permission in _reset_permissions)


@transaction.atomic
def two_factor_reset(*, by, user) -> TwoFactorReset:
    """Remove the user's authenticator and recovery codes; they enrol anew at
    their next sign-in. Recorded: who, whose, when."""
    if by.pk == user.pk or not _may_reset(by, user):
        raise PermissionDenied
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    return TwoFactorReset.objects.create(user=user, by=by)
