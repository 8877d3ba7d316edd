"""The provider's side of authorization: applying for a call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from authorization.forms import ApplicationForm
from authorization.models import Application, ApplicationStatus, Authorization
from authorization.selectors import announcements_published, conditions_of
from authorization.services import (
    application_save,
    application_start,
    application_submit,
    application_transition,
    contract_accept,
)
from kundval.access import require_roles
from kundval.models import Role
from kundval.scoping import visible
from providers.models import Provider

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.COMPLETION_REQUESTED)


def _own_applications(user):
    queryset = Application.objects.select_related("announcement__service__municipality")
    return visible(queryset, user, Role.PROVIDER_USER)


@require_roles(Role.PROVIDER_USER)
def application_list(request):
    context = {
        "applications": _own_applications(request.user),
        "calls": announcements_published(),
    }
    return render(request, "authorization/application_list.html", context)


@require_POST
@require_roles(Role.PROVIDER_USER)
def application_new(request, call_pk: int):
    call = get_object_or_404(announcements_published(), pk=call_pk)
    provider = visible(Provider.objects.all(), request.user, Role.PROVIDER_USER).first()
    existing = _own_applications(request.user).filter(
        announcement=call, status__in=EDITABLE
    )
    if existing:
        return redirect("application-edit", existing[0].pk)
    try:
        application = application_start(
            user=request.user, provider=provider, announcement=call
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("application-list")
    return redirect("application-edit", application.pk)


@require_roles(Role.PROVIDER_USER)
def contract(request, pk: int):
    authorizations = visible(
        Authorization.objects.all(), request.user, Role.PROVIDER_USER
    )
    authorization = get_object_or_404(
        authorizations.select_related("application__announcement", "service"), pk=pk
    )
    if request.method == "POST":
        contract_accept(user=request.user, authorization=authorization)
        messages.success(request, _("The contract has been accepted."))
        return redirect("contract", authorization.pk)
    announcement = authorization.application.announcement
    context = {
        "authorization": authorization,
        "announcement": announcement,
        "conditions": conditions_of(announcement),
    }
    return render(request, "authorization/contract.html", context)


@require_roles(Role.PROVIDER_USER)
def application_edit(request, pk: int):
    application = get_object_or_404(_own_applications(request.user), pk=pk)
    conditions = list(conditions_of(application.announcement))
    form = ApplicationForm(
        request.POST or None, application=application, conditions=conditions
    )
    if request.method == "POST" and _act(request, application, form):
        return redirect("application-edit", application.pk)
    context = {
        "application": application,
        "form": form,
        "editable": application.status in EDITABLE,
        "events": application.events.select_related("by"),
    }
    return render(request, "authorization/application_edit.html", context)


def _act(request, application, form) -> bool:
    """Carry out the button pressed; False leaves the errors on the form."""
    action = request.POST.get("action")
    try:
        if action == "withdraw":
            application_transition(
                user=request.user,
                application=application,
                to=ApplicationStatus.WITHDRAWN,
            )
            messages.success(request, _("The application has been withdrawn."))
            return True
        if not form.is_valid():
            return False
        application_save(
            user=request.user,
            application=application,
            answers=form.answers(),
            area_ids=[area.pk for area in form.cleaned_data["areas"]],
        )
        if action == "submit":
            application_submit(user=request.user, application=application)
            messages.success(request, _("The application has been submitted."))
        else:
            messages.success(request, _("The draft has been saved."))
        return True
    except ValidationError as error:
        form.add_error(None, error)
        return False
