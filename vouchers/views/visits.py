"""The provider's time pages under /anordnare/tid/: the month's visits, one
visit by form, a CSV upload, the customer's approval of selected visits,
and a change or removal of one visit. Scoped to the user's providers;
another provider's visit is 404. Every page that shows customers' names
logs the reads, in the selectors that read them (vouchers.selectors.visits)."""

from datetime import MAXYEAR, date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kundval.access import require_roles
from kundval.forms import add_errors
from kundval.models import Role
from vouchers.forms import VisitChangeForm, VisitForm, VisitUploadForm
from vouchers.models import Visit, VisitSource
from vouchers.months import month_of, next_month
from vouchers.selectors import (
    reportable_choices,
    reportable_choices_read,
    upload_providers,
    visit_for_provider,
    visit_month_page,
)
from vouchers.services.visit_changes import (
    visit_approve,
    visit_change,
    visit_remove,
)
from vouchers.services.visit_csv import COLUMNS, HEADER_EXAMPLE, visits_import_csv
from vouchers.services.visits import (
    ChoiceNotFound,
    VisitInput,
    VisitsInvalid,
    visits_record,
)

PAGE = 50
SHOWN_ERRORS = 200


def _month_url(month: date) -> str:
    return f"{reverse('visit-month')}?manad={month:%Y-%m}"


def _month(raw: str | None) -> date:
    try:
        month = datetime.strptime(raw or "", "%Y-%m").date()
    except ValueError:
        month = None
    # Year 9999 has no next month to link to; treat it as no month at all.
    if month is None or month.year == MAXYEAR:
        return timezone.localdate().replace(day=1)
    return month


@require_roles(Role.PROVIDER_USER)
def visit_month(request):
    month = _month(request.GET.get("manad"))
    page = visit_month_page(
        user=request.user,
        month=month,
        page_number=request.GET.get("sida"),
        per_page=PAGE,
    )
    context = {
        "page": page,
        "month": month,
        "previous": (month - timedelta(days=1)).replace(day=1),
        "next": next_month(month),
    }
    return render(request, "vouchers/visit_month.html", context)


@require_roles(Role.PROVIDER_USER)
def visit_new(request):
    choices = reportable_choices(user=request.user)
    form = VisitForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        item = VisitInput(
            choice_id=data["choice"].pk,
            starts_at=data["start"],
            ends_at=data["end"],
            category=data["category"],
            staff=data["staff"],
            approved=data["approved"],
        )
        try:
            (visit,) = visits_record(
                user=request.user, items=[item], source=VisitSource.FORM
            )
        except VisitsInvalid as invalid:
            add_errors(form, ValidationError(invalid.by_item[0]))
        except ChoiceNotFound:
            form.add_error("choice", _("No such choice of your provider."))
        else:
            messages.success(request, _("The visit is reported."))
            return redirect(_month_url(month_of(visit.starts_at)))
    reportable_choices_read(user=request.user, choices=choices)
    return render(request, "vouchers/visit_new.html", {"form": form})


@require_roles(Role.PROVIDER_USER)
def visit_upload(request):
    posted = request.method == "POST"
    form = VisitUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        providers=upload_providers(user=request.user),
    )
    result = None
    if request.method == "POST" and form.is_valid():
        result = visits_import_csv(
            user=request.user,
            provider=form.cleaned_data["provider"],
            file=form.cleaned_data["file"],
        )
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "%(count)d visit imported.", "%(count)d visits imported.",
                    result.imported,
                ) % {"count": result.imported},
            )  # fmt: skip
            return redirect("visit-month")
    context = {
        "form": form,
        "result": result,
        "errors": list(result.errors.items())[:SHOWN_ERRORS] if result else [],
        "more": max(len(result.errors) - SHOWN_ERRORS, 0) if result else 0,
        "header": HEADER_EXAMPLE,
        "columns": COLUMNS,
    }
    return render(request, "vouchers/visit_upload.html", context)


@require_POST
@require_roles(Role.PROVIDER_USER)
def visit_approve_view(request):
    ids = [int(v) for v in request.POST.getlist("visit") if v.isdigit()]
    count = visit_approve(user=request.user, visits=ids)
    messages.success(
        request,
        ngettext(
            "The customer's approval is recorded for %(count)d visit.",
            "The customer's approval is recorded for %(count)d visits.",
            count,
        ) % {"count": count},
    )  # fmt: skip
    return redirect(_month_url(_month(request.POST.get("manad"))))


@require_roles(Role.PROVIDER_USER)
def visit_change_view(request, pk: int):
    visit = visit_for_provider(user=request.user, pk=pk)
    initial = {
        "start": timezone.localtime(visit.starts_at),
        "end": timezone.localtime(visit.ends_at),
        "category": visit.category,
        "staff": visit.staff,
    }
    form = VisitChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = visit_change(
                user=request.user,
                visit=visit,
                starts_at=data["start"],
                ends_at=data["end"],
                category=data["category"],
                staff=data["staff"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _correction_note(visit, changed))
            return redirect(_month_url(month_of(changed.starts_at)))
    return render(request, "vouchers/visit_change.html", {"visit": visit, "form": form})


def _correction_note(old: Visit, new: Visit) -> str:
    if new.pk != old.pk:
        return _(
            "The visit was in a locked month: it is cancelled and the new time "
            "is paid as a correction in %(month)s."
        ) % {"month": f"{new.settle_month:%Y-%m}"}
    return _("The visit is changed.")


@require_POST
@require_roles(Role.PROVIDER_USER)
def visit_remove_view(request, pk: int):
    visit = visit_for_provider(user=request.user, pk=pk)
    try:
        cancelled = visit_remove(user=request.user, visit=visit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("visit-change", visit.pk)
    if cancelled is None:
        messages.success(request, _("The visit is removed."))
    else:
        messages.success(
            request,
            _("The visit was in a locked month: it is paid back in %(month)s.")
            % {"month": f"{cancelled.cancelled_month:%Y-%m}"},
        )
    return redirect(_month_url(month_of(visit.starts_at)))


urlpatterns = [
    path("", visit_month, name="visit-month"),
    path("ny/", visit_new, name="visit-new"),
    path("ladda-upp/", visit_upload, name="visit-upload"),
    path("godkann/", visit_approve_view, name="visit-approve"),
    path("<int:pk>/andra/", visit_change_view, name="visit-change"),
    path("<int:pk>/ta-bort/", visit_remove_view, name="visit-remove"),
]
