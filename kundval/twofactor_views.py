"""The second step of signing in: enrol an authenticator, show the recovery
codes once, verify; and an administrator's reset. Rules in kundval.twofactor."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from kundval.access import public, require_roles
from kundval.forms import TwoFactorCodeForm
from kundval.models import Role
from kundval.twofactor import (
    has_authenticator,
    needs_second_factor,
    resettable_users,
    totp_enrol_confirm,
    totp_enrolment_device,
    totp_qr_data_uri,
    totp_secret,
    two_factor_reset,
    two_factor_verify,
)

# The recovery codes wait here between confirming and the page showing them.
CODES_SESSION_KEY = "kundval_recovery_codes"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else reverse("start")


def _with_next(request, url_name: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next(request)})}"


# Public in the access matrix's sense: the pages a signed-in user must reach
# before any role's page; each sends the anonymous to the login page itself.
@public
def verify(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not needs_second_factor(request):
        return redirect(_next(request))
    if not has_authenticator(request.user):
        return redirect(_with_next(request, "two-factor-enrol"))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor_verify(user=request.user, token=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", _("The code is wrong or has been used."))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next(request)},
    )


@public
def enrol(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if has_authenticator(request.user):
        return redirect(_with_next(request, "two-factor"))
    device = totp_enrolment_device(user=request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = totp_enrol_confirm(
                user=request.user, token=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            request.session[CODES_SESSION_KEY] = codes
            return redirect(_with_next(request, "two-factor-codes"))
    context = {
        "form": form,
        "next": _next(request),
        "qr": totp_qr_data_uri(device),
        "secret": totp_secret(device),
    }
    return render(request, "registration/two_factor_enrol.html", context)


@public
def recovery_codes(request):
    """The recovery codes, on the one page view after enrolment."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    if not codes:
        return redirect(_next(request))
    context = {"codes": codes, "next": _next(request)}
    return render(request, "registration/two_factor_codes.html", context)


@require_roles(Role.ADMINISTRATOR)
def reset_list(request):
    context = {"users": resettable_users(by=request.user)}
    return render(request, "kundval/two_factor_reset.html", context)


@require_POST
@require_roles(Role.ADMINISTRATOR)
def reset(request, pk: int):
    user = get_object_or_404(resettable_users(by=request.user), pk=pk)
    two_factor_reset(by=request.user, user=user)
    messages.success(
        request,
        _("Two-factor sign-in of %(user)s has been reset.") % {"user": user.username},
    )
    return redirect("two-factor-reset-list")
