"""Settlement pages. The finance officer's under /ekonomi/: the month (run it
as a background job and watch its progress, the table of providers, the CSV
export), one provider's settlement (lines, time no band pays, history,
approve and reopen) and its PDF statement. The provider's under
/anordnare/tid/: its own settlements, any status, and their PDFs.

Views only parse, check, call the services (vouchers.settlement.jobs and
vouchers.services.settlement_review) or the selectors
(vouchers.settlement.selectors), and render. The selectors scope with
kundval.scoping.visible, so another municipality's or provider's settlement
is 404."""

from decimal import Decimal
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kundval.access import require_roles
from kundval.csv_export import csv_response
from kundval.models import Job, Role
from kundval.pdf import render_pdf
from vouchers.exports import hours
from vouchers.models import Settlement, SettlementStatus
from vouchers.services.settlement_review import (
    SETTLEMENT_TRANSITIONS,
    settlement_transition,
    settlements_export,
)
from vouchers.settlement.jobs import settlement_month_start
from vouchers.settlement.selectors import (
    Statement,
    UnpaidVisit,
    month_settlements,
    settlement_for_review,
    settlement_of,
    settlement_statement,
    settlements_of,
)
from vouchers.views.month_select import month_form, month_query

T = TypeVar("T")
FINANCE = Role.FINANCE_OFFICER
PROVIDER = Role.PROVIDER_USER
# Seconds between reloads of the month page while its job runs.
REFRESH_SECONDS = 3
RUNNING = (Job.Status.QUEUED, Job.Status.RUNNING)
DONE = {
    SettlementStatus.APPROVED: gettext_lazy("The settlement is approved."),
    SettlementStatus.DRAFT: gettext_lazy("The settlement is reopened as a draft."),
    SettlementStatus.EXPORTED: gettext_lazy("The settlement is marked as exported."),
}


def _month_url(municipality, month) -> str:
    return f"{reverse('settlement-month')}?{month_query(municipality, month)}"


def _with_hours(settlement: Settlement) -> Settlement:
    settlement.unpaid_hours = Decimal(hours(settlement.unpaid_seconds))
    settlement.unapproved_hours = Decimal(hours(settlement.unapproved_seconds))
    return settlement


@require_roles(FINANCE)
@require_GET
def settlement_month(request):
    form = month_form(request, FINANCE)
    context = {"form": form}
    if form.is_bound and not form.is_valid():
        return render(request, "vouchers/settlement_month.html", context)
    municipality, month = form.month_or_default()
    if municipality is None:
        raise Http404
    shown = month_settlements(municipality_id=municipality.pk, month=month)
    job, settlements = shown.job, shown.settlements
    context |= {
        "municipality": municipality,
        "month": month,
        "job": job,
        "running": job is not None and job.status in RUNNING,
        "settlements": [_with_hours(s) for s in settlements],
        "approved": any(s.status != SettlementStatus.DRAFT for s in settlements),
    }
    response = render(request, "vouchers/settlement_month.html", context)
    if context["running"]:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_roles(FINANCE)
@require_POST
def settlement_run_start(request):
    form = month_form(request, FINANCE)
    if not form.is_valid():
        raise Http404
    municipality, month = form.month_or_default()
    job = settlement_month_start(
        user=request.user, municipality_id=municipality.pk, month=month
    )
    job.refresh_from_db()
    if job.status in RUNNING:
        messages.success(request, _("The month is being computed."))
    elif job.status == Job.Status.DONE:
        messages.success(request, _("The month has been computed."))
    return redirect(_month_url(municipality, month))


@require_roles(FINANCE)
@require_POST
def settlement_export(request):
    """The month's approved settlements as a CSV download for the finance
    system, with a byte order mark so Excel reads it as UTF-8."""
    form = month_form(request, FINANCE)
    if not form.is_valid():
        raise Http404
    municipality, month = form.month_or_default()
    try:
        text = settlements_export(
            user=request.user, municipality_id=municipality.pk, month=month
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_month_url(municipality, month))
    name = f"ersattning-{municipality.slug}-{month:%Y-%m}.csv"
    return csv_response(text, filename=name)


def _found(found: T | None) -> T:
    """A settlement the user may not see is not there at all."""
    if found is None:
        raise Http404
    return found


def _statement(statement: Statement) -> dict:
    """What both the page and the PDF show of one settlement."""
    for line in [*statement.lines, *statement.supplements]:
        # 310.000 shows as 310 and 1.300 (per cent) as 1,3.
        line.rate_shown = line.rate.normalize()
    return {
        "settlement": _with_hours(statement.settlement),
        "lines": statement.lines,
        "supplements": statement.supplements,
    }


def _unpaid(rows: list[UnpaidVisit]) -> list[dict]:
    return [
        {"id": pk, "starts_at": start, "ends_at": end, "hours": Decimal(hours(secs))}
        for pk, start, end, secs in rows
    ]


def _actions(settlement: Settlement) -> dict:
    """The changes the transition table allows from the settlement's status."""
    allowed = SETTLEMENT_TRANSITIONS.targets(settlement.status)
    ended = settlement.month < timezone.localdate().replace(day=1)
    return {
        "can_approve": SettlementStatus.APPROVED in allowed and ended,
        "approve_later": SettlementStatus.APPROVED in allowed and not ended,
        "can_reopen": (
            settlement.status == SettlementStatus.APPROVED
            and SettlementStatus.DRAFT in allowed
        ),
    }


@require_roles(FINANCE)
@require_GET
def settlement_detail(request, pk: int):
    review = _found(settlement_for_review(user=request.user, role=FINANCE, pk=pk))
    settlement = review.statement.settlement
    context = _statement(review.statement) | _actions(settlement)
    context |= {
        "unpaid": _unpaid(review.unpaid),
        "events": review.events,
        "month_url": _month_url(settlement.municipality, settlement.month),
    }
    return render(request, "vouchers/settlement_detail.html", context)


@require_roles(FINANCE)
@require_POST
def settlement_transition_view(request, pk: int):
    settlement = _found(settlement_of(user=request.user, role=FINANCE, pk=pk))
    to = request.POST.get("to", "")
    if to not in SettlementStatus.values:
        raise Http404
    try:
        settlement_transition(
            user=request.user,
            settlement=settlement,
            to=to,
            note=request.POST.get("note", ""),
        )
        messages.success(request, DONE[to])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("settlement-detail", pk=settlement.pk)


def _pdf(statement: Statement) -> HttpResponse:
    """The statement in Swedish whatever the UI language."""
    settlement = statement.settlement
    context = _statement(statement)
    pdf = render_pdf(template_name="vouchers/settlement_pdf.html", context=context)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (
        f"ersattning-{settlement.municipality.slug}-"
        f"{settlement.provider.organisation_number}-{settlement.month:%Y-%m}.pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_roles(FINANCE)
@require_GET
def settlement_pdf(request, pk: int):
    return _pdf(_found(settlement_statement(user=request.user, role=FINANCE, pk=pk)))


@require_roles(PROVIDER)
@require_GET
def provider_settlements(request):
    settlements = settlements_of(user=request.user, role=PROVIDER)
    context = {"settlements": [_with_hours(s) for s in settlements]}
    return render(request, "vouchers/provider_settlements.html", context)


@require_roles(PROVIDER)
@require_GET
def provider_settlement(request, pk: int):
    statement = _found(settlement_statement(user=request.user, role=PROVIDER, pk=pk))
    return render(request, "vouchers/provider_settlement.html", _statement(statement))


@require_roles(PROVIDER)
@require_GET
def provider_settlement_pdf(request, pk: int):
    return _pdf(_found(settlement_statement(user=request.user, role=PROVIDER, pk=pk)))


urlpatterns = [
    path("ersattning/", settlement_month, name="settlement-month"),
    path("ersattning/berakna/", settlement_run_start, name="settlement-run"),
    path("ersattning/export/", settlement_export, name="settlement-export"),
    path("ersattning/<int:pk>/", settlement_detail, name="settlement-detail"),
    path(
        "ersattning/<int:pk>/status/",
        settlement_transition_view,
        name="settlement-transition",
    ),
    path("ersattning/<int:pk>/pdf/", settlement_pdf, name="settlement-pdf"),
]

provider_urlpatterns = [
    path("ersattning/", provider_settlements, name="provider-settlements"),
    path("ersattning/<int:pk>/", provider_settlement, name="provider-settlement"),
    path(
        "ersattning/<int:pk>/pdf/",
        provider_settlement_pdf,
        name="provider-settlement-pdf",
    ),
]
