"""The finance officer's pages for what a tariff holds (its bands and
supplements, vouchers.views.tariffs shows them) and for the municipality's
major-holiday rules and lock day. Rows of another municipality are 404
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
from kundval.selectors import municipality_of
from vouchers import rate_forms as forms
from vouchers.models import Supplement, Tariff, TimeBand
from vouchers.selectors import (
    band_of,
    holiday_windows,
    major_holiday_rules_of,
    settlement_terms_of,
    supplement_of,
    tariff_of,
)
from vouchers.services import rates as rate_services
from vouchers.services.tariffs import tariff_has_started
from vouchers.views.tariffs import FINANCE, act, services_call


def _tariff_part_page(request, tariff, form, save, saved: str, template, extra):
    """A band's or supplement's form: on a valid POST the service saves it
    and the officer is back on the tariff, else the form shows the errors."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect("tariff-detail", tariff.pk)
    context = {
        "tariff": tariff,
        "form": form,
        "started": tariff_has_started(tariff),
        **extra,
    }
    return render(request, template, context)


def _band_page(request, tariff: Tariff, band: TimeBand | None):
    initial = forms.BandForm.initial_of(band) if band else None
    form = forms.BandForm(request.POST or None, initial=initial)
    return _tariff_part_page(
        request,
        tariff,
        form,
        lambda: rate_services.band_save(
            user=request.user, tariff=tariff, band=band, **form.service_arguments()
        ),
        _("The band has been saved."),
        "vouchers/band_edit.html",
        {"band": band},
    )


@require_roles(FINANCE)
def band_new(request, pk: int):
    return _band_page(request, tariff_of(user=request.user, pk=pk), None)


@require_roles(FINANCE)
def band_edit(request, pk: int):
    band = band_of(user=request.user, pk=pk)
    return _band_page(request, band.tariff, band)


@require_POST
@require_roles(FINANCE)
def band_remove(request, pk: int):
    band = band_of(user=request.user, pk=pk)
    act(
        request,
        lambda: rate_services.band_remove(user=request.user, band=band),
        _("The band has been removed."),
    )
    return redirect("tariff-detail", band.tariff_id)


def _supplement_page(request, tariff: Tariff, supplement: Supplement | None):
    initial = None
    if supplement is not None:
        initial = {
            field: getattr(supplement, field)
            for field in ("name", "provider_kind", "kind", "value")
        }
    form = forms.SupplementForm(request.POST or None, initial=initial)
    return _tariff_part_page(
        request,
        tariff,
        form,
        lambda: services_call(
            rate_services.supplement_save,
            request,
            form,
            tariff=tariff,
            supplement=supplement,
        ),
        _("The supplement has been saved."),
        "vouchers/tariff_supplement.html",
        {"supplement": supplement},
    )


@require_roles(FINANCE)
def supplement_new(request, pk: int):
    return _supplement_page(request, tariff_of(user=request.user, pk=pk), None)


@require_roles(FINANCE)
def supplement_edit(request, pk: int):
    supplement = supplement_of(user=request.user, pk=pk)
    return _supplement_page(request, supplement.tariff, supplement)


@require_POST
@require_roles(FINANCE)
def supplement_remove(request, pk: int):
    supplement = supplement_of(user=request.user, pk=pk)
    act(
        request,
        lambda: rate_services.supplement_remove(
            user=request.user, supplement=supplement
        ),
        _("The supplement has been removed."),
    )
    return redirect("tariff-detail", supplement.tariff_id)


@require_roles(FINANCE)
def major_holidays(request, slug: str):
    municipality = municipality_of(user=request.user, role=FINANCE, slug=slug)
    rules = major_holiday_rules_of(municipality_id=municipality.pk)
    initial = forms.MajorHolidayRulesForm.initial_of(rules)
    form = forms.MajorHolidayRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rate_services.major_holiday_rules_save(
                user=request.user, municipality=municipality, rules=form.rules()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The major holidays have been saved."))
            return redirect("major-holidays", municipality.slug)
    year = timezone.localdate().year
    context = {
        "municipality": municipality,
        "form": form,
        "year": year,
        "holiday_windows": holiday_windows(municipality_id=municipality.pk, year=year),
    }
    return render(request, "vouchers/rule_major_holidays.html", context)


@require_roles(FINANCE)
def lock_day(request, slug: str):
    municipality = municipality_of(user=request.user, role=FINANCE, slug=slug)
    terms = settlement_terms_of(municipality_id=municipality.pk)
    initial = {"lock_day": terms.lock_day if terms else 5}
    form = forms.LockDayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_call(
                rate_services.lock_day_save, request, form, municipality=municipality
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The lock day has been saved."))
            return redirect("lock-day", municipality.slug)
    context = {"municipality": municipality, "form": form}
    return render(request, "vouchers/rule_lock_day.html", context)


urlpatterns = [
    path("taxor/<int:pk>/band/ny/", band_new, name="band-new"),
    path("taxor/<int:pk>/tillagg/ny/", supplement_new, name="supplement-new"),
    path("taxor/band/<int:pk>/", band_edit, name="band-edit"),
    path("taxor/band/<int:pk>/ta-bort/", band_remove, name="band-remove"),
    path("taxor/tillagg/<int:pk>/", supplement_edit, name="supplement-edit"),
    path(
        "taxor/tillagg/<int:pk>/ta-bort/", supplement_remove, name="supplement-remove"
    ),
    path("kommun/<slug:slug>/storhelger/", major_holidays, name="major-holidays"),
    path("kommun/<slug:slug>/lasdag/", lock_day, name="lock-day"),
]
