"""While authorized: the provider's page for its authorization (reports,
certificates, sanctions received) and the quality unit's (sanctions, reports)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from authorization.forms import (
    CertificateForm,
    DeviationFilterForm,
    IvoToldForm,
    ManagerForm,
    ReportForm,
    ReportHandleForm,
    SanctionForm,
    WorkPeriodFormSet,
    work_periods,
)
from authorization.models import REPORTS_NAMING_A_PERSON
from authorization.selectors import (
    authorization_of,
    authorization_record,
    conditions_of,
    deviation_report,
    deviation_reports,
    overseen_authorizations,
    overseen_report,
    own_deviation_report,
    reports_to_handle,
    reports_with_qualification,
)
from authorization.services import (
    certificate_add,
    report_file,
    report_handle,
    report_ivo_record,
    sanction_decide,
)
from kundval.access import require_roles
from kundval.models import Role


def _context(authorization) -> dict:
    return {
        "authorization": authorization,
        **authorization_record(authorization=authorization),
    }


@require_roles(Role.PROVIDER_USER)
def provider_authorization(request, pk: int):
    authorization = authorization_of(user=request.user, role=Role.PROVIDER_USER, pk=pk)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_add(
                user=request.user,
                authorization=authorization,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                valid_until=form.cleaned_data["valid_until"],
            )
            messages.success(request, _("The document has been sent."))
            return redirect("provider-authorization", authorization.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = {**_context(authorization), "form": form}
    return render(request, "authorization/provider_authorization.html", context)


@require_roles(Role.PROVIDER_USER)
def report_new(request, pk: int):
    """A self-report; a new manager or substitute comes with qualifications."""
    authorization = authorization_of(user=request.user, role=Role.PROVIDER_USER, pk=pk)
    data = request.POST or None
    conditions = conditions_of(authorization.application.announcement)
    form = ReportForm(data, conditions=conditions)
    person = ManagerForm(data, prefix="person")
    periods = WorkPeriodFormSet(data, prefix="periods")
    if request.method == "POST" and form.is_valid():
        names_person = form.cleaned_data["kind"] in REPORTS_NAMING_A_PERSON
        if not names_person or (person.is_valid() and periods.is_valid()):
            try:
                report_file(
                    user=request.user,
                    authorization=authorization,
                    **form.cleaned_data,
                    person=_person(person) if names_person else None,
                    periods=work_periods(periods) if names_person else None,
                )
                messages.success(request, _("The report has been sent."))
                return redirect("provider-authorization", authorization.pk)
            except ValidationError as error:
                form.add_error(None, error)
    context = {
        "authorization": authorization,
        "form": form,
        "person": person,
        "periods": periods,
    }
    return render(request, "authorization/report_new.html", context)


def _person(form) -> dict:
    return {name: form.cleaned_data[name] for name in ManagerForm.Meta.fields}


@require_roles(Role.QUALITY_OFFICER)
def oversight_list(request):
    context = {
        "authorizations": overseen_authorizations(user=request.user),
        "open_reports": reports_to_handle(user=request.user),
    }
    return render(request, "authorization/oversight_list.html", context)


@require_roles(Role.QUALITY_OFFICER)
def oversight_detail(request, pk: int):
    authorization = authorization_of(
        user=request.user, role=Role.QUALITY_OFFICER, pk=pk
    )
    conditions = conditions_of(authorization.application.announcement)
    form = SanctionForm(
        request.POST or None, request.FILES or None, conditions=conditions
    )
    if request.method == "POST" and form.is_valid():
        try:
            _decide_sanction(request, authorization, form)
            return redirect("oversight-detail", authorization.pk)
        except ValidationError as error:
            form.add_error(None, error)
    context = {
        **_context(authorization),
        "form": form,
        "handle_form": ReportHandleForm(),
        "reports": reports_with_qualification(authorization=authorization),
    }
    return render(request, "authorization/oversight_detail.html", context)


def _decide_sanction(request, authorization, form) -> None:
    data = form.cleaned_data
    sanction = sanction_decide(
        user=request.user,
        authorization=authorization,
        condition_id=data["condition"].pk,
        kind=data["kind"],
        evidence=data["evidence"],
        reasons=data["reasons"],
        effective_from=data["effective_from"],
        upload=data["file"],
    )
    messages.success(
        request,
        _("%(sanction)s decided; the provider has been notified.")
        % {"sanction": sanction.get_kind_display()},
    )


@require_POST
@require_roles(Role.QUALITY_OFFICER)
def report_decide(request, pk: int):
    report = overseen_report(user=request.user, pk=pk)
    form = ReportHandleForm(request.POST)
    form.is_valid()
    try:
        report_handle(
            user=request.user,
            report=report,
            to=request.POST.get("to", ""),
            note=form.cleaned_data.get("note", ""),
        )
        messages.success(request, _("The report has been handled."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.POST.get("back") == "deviation":
        return redirect("deviation-detail", report.pk)
    return redirect("oversight-detail", report.authorization_id)


@require_POST
@require_roles(Role.PROVIDER_USER)
def report_ivo(request, pk: int):
    """The provider records, later, that it told IVO of a deviation report."""
    report = own_deviation_report(user=request.user, pk=pk)
    form = IvoToldForm(request.POST)
    try:
        report_ivo_record(
            user=request.user,
            report=report,
            told_on=form.cleaned_data["told_on"] if form.is_valid() else None,
        )
        messages.success(request, _("The date IVO was told has been recorded."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("provider-authorization", report.authorization_id)


@require_roles(Role.QUALITY_OFFICER)
def deviation_list(request):
    """The municipality's deviation reports, serious ones first, filtered."""
    form = DeviationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    context = {
        "form": form,
        "reports": deviation_reports(user=request.user, filters=filters),
    }
    return render(request, "authorization/deviation_list.html", context)


@require_roles(Role.QUALITY_OFFICER)
def deviation_detail(request, pk: int):
    report = deviation_report(user=request.user, pk=pk)
    return render(request, "authorization/deviation_detail.html", {"report": report})
