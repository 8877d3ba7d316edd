"""While authorized: the provider's page for its authorization (reports,
certificates, sanctions received) and the quality unit's (sanctions, reports)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from authorization.forms import (
    CertificateForm,
    ManagerForm,
    ReportForm,
    ReportHandleForm,
    SanctionForm,
    WorkPeriodFormSet,
    work_periods,
)
from authorization.models import (
    REPORTS_NAMING_A_PERSON,
    Authorization,
    Report,
    ReportStatus,
)
from authorization.selectors import (
    conditions_of,
    manager_qualification,
    people_in_charge,
)
from authorization.services import (
    certificate_add,
    report_file,
    report_handle,
    sanction_decide,
)
from kundval.access import require_roles
from kundval.models import Role
from kundval.scoping import visible


def _authorizations(user, role):
    queryset = Authorization.objects.select_related(
        "provider", "service__municipality", "application__announcement"
    )
    return visible(queryset, user, role)


def _context(authorization) -> dict:
    return {
        "authorization": authorization,
        "people": people_in_charge(authorization),
        "sanctions": authorization.sanctions.select_related("condition", "decided_by"),
        "reports": authorization.reports.select_related("manager", "reported_by"),
        "certificates": authorization.application.documents.filter(
            valid_until__isnull=False
        ).order_by("-valid_until"),
    }


@require_roles(Role.PROVIDER_USER)
def provider_authorization(request, pk: int):
    authorization = get_object_or_404(
        _authorizations(request.user, Role.PROVIDER_USER), pk=pk
    )
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
    authorization = get_object_or_404(
        _authorizations(request.user, Role.PROVIDER_USER), pk=pk
    )
    data = request.POST or None
    form = ReportForm(data)
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
    authorizations = _authorizations(request.user, Role.QUALITY_OFFICER)
    context = {
        "authorizations": authorizations.order_by("provider__name"),
        "open_reports": visible(
            Report.objects.filter(status=ReportStatus.RECEIVED),
            request.user,
            Role.QUALITY_OFFICER,
        ).select_related("authorization__provider"),
    }
    return render(request, "authorization/oversight_list.html", context)


@require_roles(Role.QUALITY_OFFICER)
def oversight_detail(request, pk: int):
    authorization = get_object_or_404(
        _authorizations(request.user, Role.QUALITY_OFFICER), pk=pk
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
        "reports": _reports_with_qualification(authorization),
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


def _reports_with_qualification(authorization) -> list[Report]:
    """The reports; one naming a person carries its requirements as of the
    day it was reported."""
    reports = list(authorization.reports.select_related("manager", "reported_by"))
    for report in reports:
        manager = getattr(report, "manager", None)
        report.requirements = (
            manager_qualification(manager, as_of=timezone.localdate(report.reported_at))
            if manager
            else []
        )
    return reports


@require_POST
@require_roles(Role.QUALITY_OFFICER)
def report_decide(request, pk: int):
    reports = visible(Report.objects.all(), request.user, Role.QUALITY_OFFICER)
    report = get_object_or_404(reports, pk=pk)
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
    return redirect("oversight-detail", report.authorization_id)
