"""The annual quality reports: the quality unit's page per municipality and
year (versions, the batch and its progress, publishing), the permitted
download of a version, and the public download of a published one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from followup.report_forms import ReportBatchForm, ReportYearForm
from followup.selectors.reports import (
    report_batch_latest,
    report_for_download,
    report_for_quality,
    report_published,
    report_rows,
)
from followup.services.reports import RUNNING, report_batch_start, report_publish
from kundval.access import public, require_roles
from kundval.models import Role
from kundval.scoping import visible_municipalities

QUALITY = Role.QUALITY_OFFICER
PROVIDER = Role.PROVIDER_USER
# Seconds between reloads of the page while a batch runs.
REFRESH_SECONDS = 3


def _page_url(municipality_id: int, year: int) -> str:
    query = urlencode({"municipality": municipality_id, "year": year})
    return f"{reverse('report-list')}?{query}"


@require_roles(QUALITY)
@require_GET
def report_list(request):
    municipalities = visible_municipalities(request.user, QUALITY)
    form = ReportYearForm(
        request.GET if request.GET else None, municipalities=municipalities
    )
    municipality, year = form.chosen()
    if municipality is None:
        raise Http404
    job = report_batch_latest(municipality_id=municipality.pk, year=year)
    running = job is not None and job.status in RUNNING
    context = {
        "form": form,
        "municipality": municipality,
        "year": year,
        "job": job,
        "running": running,
        "rows": report_rows(
            user=request.user, municipality_id=municipality.pk, year=year
        ),
        "batch_form": ReportBatchForm(
            initial={"municipality": municipality.pk, "year": year},
            municipalities=municipalities,
        ),
    }
    response = render(request, "followup/report_list.html", context)
    if running:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_roles(QUALITY)
@require_POST
def report_batch(request):
    form = ReportBatchForm(
        request.POST, municipalities=visible_municipalities(request.user, QUALITY)
    )
    if not form.is_valid():
        raise Http404
    municipality, year = form.chosen()
    try:
        report_batch_start(
            user=request.user,
            municipality_id=municipality.pk,
            year=year,
            replace=form.cleaned_data["replace"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The reports are being made."))
    return redirect(_page_url(municipality.pk, year))


@require_roles(QUALITY)
@require_POST
def report_publish_view(request, pk: int):
    report = report_for_quality(user=request.user, pk=pk)
    report_publish(user=request.user, report=report)
    messages.success(request, _("The version is published."))
    return redirect(_page_url(report.municipality_id, report.year))


def _pdf(report) -> FileResponse:
    # The organisation number, which people recognise; never a person's number.
    who = report.provider.organisation_number if report.provider_id else "kommunen"
    name = f"kvalitetsrapport-{report.year}-{who}-v{report.version}.pdf"
    try:
        stream = report.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        stream, as_attachment=True, filename=name, content_type="application/pdf"
    )


@require_roles(QUALITY, PROVIDER)
@require_GET
def report_download(request, pk: int):
    """Any version, to the quality unit of its municipality or the provider
    it is about."""
    return _pdf(report_for_download(user=request.user, pk=pk))


@public
@require_GET
def report_public(request, pk: int):
    """A published version, to anyone; any other pk is 404."""
    return _pdf(report_published(pk=pk))
