"""The finance officer's tariff pages under /ekonomi/taxor/: the tariffs
per service, a tariff with its bands, supplements and major-holiday windows
and a preview that prices a visit, and the forms that create, copy, change,
delete and end a tariff. Rows of another municipality are 404
(kundval.scoping)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundval.access import require_roles
from kundval.forms import add_errors
from kundval.models import Role
from kundval.scoping import visible_municipalities
from vouchers import rate_forms as forms
from vouchers.models import Tariff
from vouchers.rate_display import KINDS, state
from vouchers.selectors import (
    services_of,
    services_with_tariffs,
    tariff_of,
    tariff_parts,
    tariff_preview,
)
from vouchers.services import tariffs as tariff_services
from vouchers.services.tariffs import tariff_has_started

FINANCE = Role.FINANCE_OFFICER


def services_call(service, request, form, **extra):
    return service(user=request.user, **form.cleaned_data, **extra)


def act(request, action, done: str) -> None:
    """Run a service from a button: its success or its errors as a message
    on the page the officer goes back to."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@require_roles(FINANCE)
def tariff_list(request):
    today = timezone.localdate()
    groups = []
    for service in services_with_tariffs(user=request.user):
        tariffs = [(tariff, state(tariff, today)) for tariff in service.tariffs.all()]
        groups.append((service, tariffs))
    context = {
        "groups": groups,
        "municipalities": visible_municipalities(request.user, FINANCE),
    }
    return render(request, "vouchers/tariff_list.html", context)


@require_roles(FINANCE)
def tariff_new(request):
    services = services_of(user=request.user)
    form = forms.TariffForm(request.POST or None, services=services)
    if request.method == "POST" and form.is_valid():
        try:
            tariff = services_call(tariff_services.tariff_create, request, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The tariff has been created."))
            return redirect("tariff-detail", tariff.pk)
    return render(request, "vouchers/tariff_new.html", {"form": form})


@require_roles(FINANCE)
def tariff_detail(request, pk: int):
    tariff = tariff_of(user=request.user, pk=pk)
    year = timezone.localdate().year
    context = {
        "tariff": tariff,
        "started": tariff_has_started(tariff),
        "state": state(tariff, timezone.localdate()),
        "kinds": KINDS,
        "year": year,
        **tariff_parts(tariff=tariff, year=year),
        "end_form": forms.TariffEndForm(initial={"valid_to": tariff.valid_to}),
        **_preview(request, tariff),
    }
    return render(request, "vouchers/tariff_detail.html", context)


def _preview(request, tariff: Tariff) -> dict:
    """The segments and amounts of the visit the GET form describes."""
    form = forms.PreviewForm(request.GET if "starts_at" in request.GET else None)
    if not form.is_valid():
        return {"preview_form": form}
    priced = tariff_preview(tariff=tariff, **form.cleaned_data)
    return {
        "preview_form": form,
        "preview": priced["rows"],
        "preview_total": priced["total"],
        "preview_outside": priced["outside"],
    }


@require_roles(FINANCE)
def tariff_copy(request, pk: int):
    tariff = tariff_of(user=request.user, pk=pk)
    initial = {"name": tariff.name}
    form = forms.TariffCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services_call(
                tariff_services.tariff_copy, request, form, tariff=tariff
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The tariff has been copied."))
            return redirect("tariff-detail", copy.pk)
    return render(
        request, "vouchers/tariff_copy.html", {"tariff": tariff, "form": form}
    )


@require_roles(FINANCE)
def tariff_change(request, pk: int):
    """Name and start of a tariff that has not started, and its deletion."""
    tariff = tariff_of(user=request.user, pk=pk)
    initial = {"name": tariff.name, "valid_from": tariff.valid_from}
    form = forms.TariffChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_call(tariff_services.tariff_change, request, form, tariff=tariff)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The tariff has been saved."))
            return redirect("tariff-detail", tariff.pk)
    context = {"tariff": tariff, "form": form, "started": tariff_has_started(tariff)}
    return render(request, "vouchers/tariff_change.html", context)


@require_POST
@require_roles(FINANCE)
def tariff_delete(request, pk: int):
    tariff = tariff_of(user=request.user, pk=pk)
    try:
        before = tariff_services.tariff_delete(user=request.user, tariff=tariff)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("tariff-detail", tariff.pk)
    messages.success(request, _("The tariff has been deleted."))
    if before is None:
        return redirect("tariff-list")
    return redirect("tariff-detail", before.pk)


@require_POST
@require_roles(FINANCE)
def tariff_end(request, pk: int):
    tariff = tariff_of(user=request.user, pk=pk)
    form = forms.TariffEndForm(request.POST)

    def end():
        if not form.is_valid():
            raise ValidationError(form.errors["valid_to"])
        services_call(tariff_services.tariff_end, request, form, tariff=tariff)

    act(request, end, _("The tariff's end has been saved."))
    return redirect("tariff-detail", tariff.pk)


urlpatterns = [
    path("taxor/", tariff_list, name="tariff-list"),
    path("taxor/ny/", tariff_new, name="tariff-new"),
    path("taxor/<int:pk>/", tariff_detail, name="tariff-detail"),
    path("taxor/<int:pk>/kopiera/", tariff_copy, name="tariff-copy"),
    path("taxor/<int:pk>/avsluta/", tariff_end, name="tariff-end"),
    path("taxor/<int:pk>/andra/", tariff_change, name="tariff-change"),
    path("taxor/<int:pk>/ta-bort/", tariff_delete, name="tariff-delete"),
]
