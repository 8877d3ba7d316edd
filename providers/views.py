"""Provider pages: public registration, the provider's own start page."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kundval.access import public, require_roles
from kundval.models import Role
from kundval.scoping import visible
from providers.forms import InviteColleagueForm, ProviderRegistrationForm
from providers.models import Provider, ProviderMembership
from providers.selectors import administered_providers
from providers.services import provider_invite, provider_register


@public
def register(request):
    form = ProviderRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = provider_register(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(
                request,
                membership.user,
                backend="django.contrib.auth.backends.ModelBackend",
            )
            return redirect("provider-home")
    return render(request, "providers/register.html", {"form": form})


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
    members = ProviderMembership.objects.filter(provider__in=administered)
    context = {"form": form, "members": members.select_related("user", "provider")}
    return render(request, "providers/colleagues.html", context)


@require_roles(Role.PROVIDER_USER)
def home(request):
    providers = visible(Provider.objects.all(), request.user, Role.PROVIDER_USER)
    return render(request, "providers/home.html", {"providers": providers})
