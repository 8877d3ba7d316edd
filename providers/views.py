"""Provider pages: public registration, the provider's own start page and profile."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from kundval.access import public, require_roles
from kundval.models import Role
from kundval.twofactor import two_factor_reset
from providers.forms import (
    InviteColleagueForm,
    ProviderProfileForm,
    ProviderRegistrationForm,
)
from providers.models import PROFILE_FIELDS, Provider
from providers.selectors import (
    administered_providers,
    administers,
    colleagues_of,
    first_provider_of,
    profile_changes_of,
    provider_of,
    providers_of,
)
from providers.services import provider_invite, provider_register, provider_update


@public
def register(request):
    form = ProviderRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            provider_register(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:  # the same answer whether or not the address had an account
            return redirect("provider-registered")
    return render(request, "providers/register.html", {"form": form})


registered = public(TemplateView.as_view(template_name="providers/registered.html"))


@require_roles(Role.PROVIDER_USER)
def colleagues(request):
    administered = administered_providers(request.user)
    form = InviteColleagueForm(request.POST or None, providers=administered)
    if request.method == "POST" and form.is_valid():
        provider_invite(inviter=request.user, **form.cleaned_data)
        messages.success(
            request, _("The invitation has been sent to %(email)s.") % form.cleaned_data
        )
        return redirect("provider-colleagues")
    context = {"form": form, "members": colleagues_of(user=request.user)}
    return render(request, "providers/colleagues.html", context)


@require_POST
@require_roles(Role.PROVIDER_USER)
def colleague_two_factor_reset(request, pk: int):
    member = get_object_or_404(colleagues_of(user=request.user), user_id=pk)
    two_factor_reset(by=request.user, user=member.user)
    messages.success(
        request,
        _("Two-factor sign-in of %(user)s has been reset.")
        % {"user": member.user.username},
    )
    return redirect("provider-colleagues")


@require_roles(Role.PROVIDER_USER)
def home(request):
    context = {"providers": providers_of(user=request.user)}
    return render(request, "providers/home.html", context)


@require_roles(Role.PROVIDER_USER)
def profile(request):
    provider = _chosen_provider(request)
    is_admin = administers(user=request.user, provider=provider)
    # Not bound to `provider` as instance: a refused post must not show its
    # values as the provider's own elsewhere on the page.
    initial = model_to_dict(provider, fields=PROFILE_FIELDS)
    form = ProviderProfileForm(
        request.POST or None, initial=initial, read_only=not is_admin
    )
    if request.method == "POST" and form.is_valid():
        try:  # a non-administrator's post ends here with 403
            changes = provider_update(
                user=request.user, provider=provider, changes=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = _("The profile has been saved.")
            messages.success(request, saved if changes else _("Nothing was changed."))
            return redirect(f"{reverse('provider-profile')}?anordnare={provider.pk}")
    context = {
        "provider": provider,
        "form": form,
        "is_admin": is_admin,
        "changes": profile_changes_of(provider=provider),
    }
    return render(request, "providers/profile.html", context)


def _chosen_provider(request) -> Provider:
    """The provider in `?anordnare=`, else the user's first; only their own."""
    chosen = request.GET.get("anordnare", "")
    if chosen:
        if not chosen.isdecimal():
            raise Http404
        return provider_of(user=request.user, pk=int(chosen))
    provider = first_provider_of(user=request.user)
    if provider is None:
        raise Http404
    return provider
