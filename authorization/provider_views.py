"""The provider's side of authorization: applying for a call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from authorization.forms import (
    PERIOD_FIELDS,
    ApplicationForm,
    ManagerForm,
    WorkPeriodFormSet,
    work_periods,
)
from authorization.models import ApplicationStatus, ManagerRole
from authorization.selectors import (
    EDITABLE,
    announcement_published,
    announcements_published,
    application_document,
    application_parts,
    authorization_of,
    call_areas,
    conditions_of,
    editable_application_to,
    manager_of,
    provider_application,
    provider_applications,
    work_periods_of,
)
from authorization.services import (
    application_save,
    application_start,
    application_submit,
    application_transition,
    contract_accept,
    document_delete,
    document_upload,
    manager_save,
)
from kundval.access import require_roles
from kundval.models import Role
from providers.selectors import first_provider_of


@require_roles(Role.PROVIDER_USER)
def application_list(request):
    context = {
        "applications": provider_applications(user=request.user),
        "calls": announcements_published(),
    }
    return render(request, "authorization/application_list.html", context)


@require_POST
@require_roles(Role.PROVIDER_USER)
def application_new(request, call_pk: int):
    call = announcement_published(pk=call_pk)
    provider = first_provider_of(user=request.user)
    existing = editable_application_to(user=request.user, announcement=call)
    if existing:
        return redirect("application-edit", existing.pk)
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
    authorization = authorization_of(user=request.user, role=Role.PROVIDER_USER, pk=pk)
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
    application = provider_application(user=request.user, pk=pk)
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        application=application,
        conditions=list(conditions_of(application.announcement)),
        areas=call_areas(announcement=application.announcement),
    )
    if request.method == "POST":
        next_page = _act(request, application, form)
        if next_page:
            return redirect(*next_page)
    context = {
        "application": application,
        "form": form,
        "editable": application.status in EDITABLE,
        **application_parts(application=application),
    }
    return render(request, "authorization/application_edit.html", context)


def _act(request, application, form) -> tuple | None:
    """Carry out the button pressed and say where to go next; None leaves
    the errors on the form. Every button but withdraw saves the form first,
    so nothing typed is lost."""
    action = request.POST.get("action", "save")
    try:
        if action == "withdraw":
            _withdraw(request, application)
        elif not form.is_valid():
            return None
        else:
            verb, _sep, argument = action.partition(":")
            _save(request, application, form, verb, argument)
            if verb != "submit":
                messages.success(request, _("The draft has been saved."))
            if verb == "person" and argument in ManagerRole.values:
                return ("application-manager", application.pk, argument)
            # Submitted after the save has committed: what is missing is
            # listed, and what was typed is kept as the draft.
            if verb == "submit":
                application_submit(user=request.user, application=application)
                messages.success(request, _("The application has been submitted."))
        return ("application-edit", application.pk)
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _withdraw(request, application) -> None:
    application_transition(
        user=request.user, application=application, to=ApplicationStatus.WITHDRAWN
    )
    messages.success(request, _("The application has been withdrawn."))


@transaction.atomic
def _save(request, application, form, verb: str, argument: str) -> None:
    application_save(
        user=request.user,
        application=application,
        answers=form.answers(),
        area_ids=[area.pk for area in form.cleaned_data["areas"]],
        declarations=form.declarations(),
        exclusion_explanation=form.cleaned_data["exclusion_explanation"].strip(),
    )
    upload = form.upload()
    if upload:
        document_upload(user=request.user, application=application, **upload)
    if verb == "delete_document":
        document = application_document(application=application, pk=argument)
        document_delete(user=request.user, document=document)


@require_roles(Role.PROVIDER_USER)
def manager_edit(request, pk: int, role: str):
    """The manager or the substitute, with education and dated work periods."""
    application = provider_application(user=request.user, pk=pk)
    if role not in ManagerRole.values or application.status not in EDITABLE:
        raise Http404
    manager = manager_of(application=application, role=role)
    form = ManagerForm(request.POST or None, instance=manager)
    initial = (
        work_periods_of(manager=manager, fields=PERIOD_FIELDS) if manager else None
    )
    periods = WorkPeriodFormSet(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and periods.is_valid():
        person = {name: form.cleaned_data[name] for name in ManagerForm.Meta.fields}
        manager_save(
            user=request.user,
            application=application,
            role=role,
            person=person,
            periods=work_periods(periods),
        )
        messages.success(request, _("Saved."))
        return redirect("application-manager", application.pk, role)
    context = {
        "application": application,
        "role": ManagerRole(role),
        "form": form,
        "periods": periods,
    }
    return render(request, "authorization/manager_edit.html", context)
