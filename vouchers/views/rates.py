"""The finance officer's pages for what a tariff holds (its bands and
supplements, vouchers.views.tariffs shows them) and for the municipality's
major-holiday rules and lock day. Rows of another municipality are 404
(kundval.scoping)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kundval.access import require_roles
from kundval.forms import add_errors
from kundval.scoping import visible, visible_municipalities
from vouchers import rate_forms as forms
from vouchers.models import (
    MajorHolidayRule,
    SettlementTerms,
    Supplement,
    Tariff,
    TimeBand,
)
from vouchers.rate_display import holiday_windows
from vouchers.services import rates as rate_services
from vouchers.services.tariffs import tariff_has_started
from vouchers.views.tariffs import (
    FINANCE,
    act,
    services_call,
    tariff_or_404,
    tariffs_visible,
)


def _band(user, pk: int) -> TimeBand:
    bands = visible(TimeBand.objects.all(), user, FINANCE)
    return get_object_or_404(bands.select_related("tariff__service"), pk=pk)


def _supplement(user, pk: int) -> Supplement:
    supplements = Supplement.objects.filter(tariff__in=tariffs_visible(user))
    return get_object_or_404(supplements.select_related("tariff__service"), pk=pk)


def _municipality(user, slug: str):
    return get_object_or_404(visible_municipalities(user, FINANCE), slug=slug)


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
    return _band_page(request, tariff_or_404(request.user, pk), None)


@require_roles(FINANCE)
def band_edit(request, pk: int):
    band = _band(request.user, pk)
    return _band_page(request, band.tariff, band)


@require_POST
@require_roles(FINANCE)
def band_remove(request, pk: int):
    band = _band(request.user, pk)
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
    return _supplement_page(request, tariff_or_404(request.user, pk), None)


@require_roles(FINANCE)
def supplement_edit(request, pk: int):
    supplement = _supplement(request.user, pk)
    return _supplement_page(request, supplement.tariff, supplement)


@require_POST
@require_roles(FINANCE)
def supplement_remove(request, pk: int):
    supplement = _supplement(request.user, pk)
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
    municipality = _municipality(request.user, slug)
    rules = MajorHolidayRule.objects.filter(municipality=municipality)
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
        "holiday_windows": holiday_windows(municipality.pk, year),
    }
    return render(request, "vouchers/rule_major_holidays.html", context)


@require_roles(FINANCE)
def lock_day(request, slug: str):
    municipality = _municipality(request.user, slug)
    terms = SettlementTerms.objects.filter(municipality=municipality).first()
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
