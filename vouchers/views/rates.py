"""The finance officer's rate pages under /ekonomi/: tariffs per service,
a tariff's bands, supplements and major-holiday windows with a preview that
prices a visit, the forms that change them, the major-holiday rules and the
lock day. Rows of another municipality are 404 (kundval.scoping)."""

from datetime import date
from decimal import Decimal
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kundval.access import require_roles
from kundval.models import Role, Service
from kundval.scoping import visible, visible_municipalities
from providers.models import ProviderKind
from vouchers import rate_forms as forms
from vouchers.calendar import major_holiday_windows
from vouchers.models import (
    MajorHolidayRule,
    SettlementTerms,
    Supplement,
    Tariff,
    TimeBand,
)
from vouchers.models.rates import HOLIDAY
from vouchers.pricing import paid_total, rates_of, tariff_spec, visit_price
from vouchers.services import rates as services
from vouchers.services.rates import tariff_has_started

FINANCE = Role.FINANCE_OFFICER
# As the seeds' tables: the municipal rate first.
KINDS = sorted(ProviderKind.choices, key=lambda kind: kind[0] != ProviderKind.MUNICIPAL)
SHORT_DAYS = [
    gettext_lazy("Mon"),
    gettext_lazy("Tue"),
    gettext_lazy("Wed"),
    gettext_lazy("Thu"),
    gettext_lazy("Fri"),
    gettext_lazy("Sat"),
    gettext_lazy("Sun"),
]


def _tariffs(user):
    return visible(Tariff.objects.all(), user, FINANCE).select_related(
        "service__municipality"
    )


def _tariff(user, pk: int) -> Tariff:
    return get_object_or_404(_tariffs(user), pk=pk)


def _band(user, pk: int) -> TimeBand:
    bands = visible(TimeBand.objects.all(), user, FINANCE)
    return get_object_or_404(bands.select_related("tariff__service"), pk=pk)


def _supplement(user, pk: int) -> Supplement:
    supplements = Supplement.objects.filter(tariff__in=_tariffs(user))
    return get_object_or_404(supplements.select_related("tariff__service"), pk=pk)


def _municipality(user, slug: str):
    return get_object_or_404(visible_municipalities(user, FINANCE), slug=slug)


def add_errors(form, error: ValidationError) -> None:
    """A service's errors on the form: by field where the form has the field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def days_label(days) -> str:
    """Mon-Fri, Sat-Sun, public holidays and eves (dashes: en dashes)."""
    weekdays = sorted(day for day in days if day < HOLIDAY)
    parts = []
    if len(weekdays) == 7:
        parts.append(_("every day"))
    else:
        runs = groupby(enumerate(weekdays), key=lambda item: item[1] - item[0])
        for _key, run in runs:
            run = [day for _index, day in run]
            first, last = SHORT_DAYS[run[0]], SHORT_DAYS[run[-1]]
            parts.append(str(first) if len(run) == 1 else f"{first}–{last}")
    if HOLIDAY in days:
        parts.append(_("public holidays and eves"))
    return ", ".join(str(part) for part in parts)


def window_label(window) -> str:
    """Mon-Fri 06:00-19:00; an end at midnight reads 24:00."""
    start, end = window.starts_at, window.ends_at
    if start == end and start.hour == start.minute == 0:
        clock = _("all day")
    else:
        until = "24:00" if end.hour == end.minute == 0 else f"{end:%H:%M}"
        clock = f"{start:%H:%M}–{until}"
    return f"{days_label(window.days)} {clock}"


def _band_rows(tariff: Tariff) -> list[dict]:
    rows = []
    for band in tariff.bands.prefetch_related("windows", "rates"):
        amounts = {rate.provider_kind: rate.amount for rate in band.rates.all()}
        rows.append(
            {
                "band": band,
                "windows": [window_label(window) for window in band.windows.all()],
                "rates": [amounts.get(kind) for kind, _label in KINDS],
            }
        )
    return rows


def _holiday_windows(municipality_id: int, year: int) -> list[tuple]:
    """(label, start, end) of the municipality's major holidays touching `year`."""
    rows = []
    for rule in MajorHolidayRule.objects.filter(municipality_id=municipality_id):
        spec = [(rule.holiday, rule.starts_at, rule.ends_at)]
        for start, end in major_holiday_windows(
            spec, date(year, 1, 1), date(year, 12, 31)
        ):
            rows.append((rule.get_holiday_display(), start, end))
    return sorted(rows, key=lambda row: row[1])


def _state(tariff: Tariff, today: date) -> str:
    if tariff.valid_from > today:
        return "next"
    if tariff.valid_to is not None and tariff.valid_to < today:
        return "past"
    return "current"


@require_roles(FINANCE)
def tariff_list(request):
    today = timezone.localdate()
    scoped = visible(Service.objects.all(), request.user, FINANCE)
    groups = []
    for service in scoped.select_related("municipality").prefetch_related("tariffs"):
        tariffs = [(tariff, _state(tariff, today)) for tariff in service.tariffs.all()]
        groups.append((service, tariffs))
    context = {
        "groups": groups,
        "municipalities": visible_municipalities(request.user, FINANCE),
    }
    return render(request, "vouchers/tariff_list.html", context)


@require_roles(FINANCE)
def tariff_new(request):
    scoped = visible(Service.objects.all(), request.user, FINANCE)
    form = forms.TariffForm(request.POST or None, services=scoped)
    if request.method == "POST" and form.is_valid():
        try:
            tariff = services_call(services.tariff_create, request, form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The tariff has been created."))
            return redirect("tariff-detail", tariff.pk)
    return render(request, "vouchers/tariff_new.html", {"form": form})


def services_call(service, request, form, **extra):
    return service(user=request.user, **form.cleaned_data, **extra)


@require_roles(FINANCE)
def tariff_detail(request, pk: int):
    tariff = _tariff(request.user, pk)
    year = timezone.localdate().year
    context = {
        "tariff": tariff,
        "started": tariff_has_started(tariff),
        "state": _state(tariff, timezone.localdate()),
        "kinds": KINDS,
        "rows": _band_rows(tariff),
        "supplements": tariff.supplements.all(),
        "year": year,
        "holiday_windows": _holiday_windows(tariff.service.municipality_id, year),
        "end_form": forms.TariffEndForm(initial={"valid_to": tariff.valid_to}),
        **_preview(request, tariff),
    }
    return render(request, "vouchers/tariff_detail.html", context)


def _preview(request, tariff: Tariff) -> dict:
    """The segments and amounts of the visit the GET form describes."""
    form = forms.PreviewForm(request.GET if "starts_at" in request.GET else None)
    if not form.is_valid():
        return {"preview_form": form}
    data = form.cleaned_data
    spec = tariff_spec(tariff)
    rates = rates_of(tariff, data["provider_kind"])
    segments = visit_price(
        spec, rates, data["category"], data["starts_at"], data["ends_at"]
    )
    names = {band.id: band.name for band in spec.bands}
    day = timezone.localtime(data["starts_at"]).date()
    return {
        "preview_form": form,
        "preview": [
            {
                "band": names.get(segment.band_id),
                "hours": (Decimal(segment.seconds) / 3600).quantize(Decimal("0.01")),
                "rate": rates.get(segment.band_id),
                "amount": segment.amount,
            }
            for segment in segments
        ],
        "preview_total": paid_total(segments),
        "preview_outside": day < tariff.valid_from
        or (tariff.valid_to is not None and day > tariff.valid_to),
    }


@require_roles(FINANCE)
def tariff_copy(request, pk: int):
    tariff = _tariff(request.user, pk)
    initial = {"name": tariff.name}
    form = forms.TariffCopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services_call(services.tariff_copy, request, form, tariff=tariff)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The tariff has been copied."))
            return redirect("tariff-detail", copy.pk)
    return render(
        request, "vouchers/tariff_copy.html", {"tariff": tariff, "form": form}
    )


@require_POST
@require_roles(FINANCE)
def tariff_end(request, pk: int):
    tariff = _tariff(request.user, pk)
    form = forms.TariffEndForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["valid_to"])
        services_call(services.tariff_end, request, form, tariff=tariff)
        messages.success(request, _("The tariff's end has been saved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("tariff-detail", tariff.pk)


def _band_page(request, tariff: Tariff, band: TimeBand | None):
    initial = forms.BandForm.initial_of(band) if band else None
    form = forms.BandForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.band_save(
                user=request.user, tariff=tariff, band=band, **form.service_arguments()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The band has been saved."))
            return redirect("tariff-detail", tariff.pk)
    context = {
        "tariff": tariff,
        "band": band,
        "form": form,
        "started": tariff_has_started(tariff),
    }
    return render(request, "vouchers/band_edit.html", context)


@require_roles(FINANCE)
def band_new(request, pk: int):
    return _band_page(request, _tariff(request.user, pk), None)


@require_roles(FINANCE)
def band_edit(request, pk: int):
    band = _band(request.user, pk)
    return _band_page(request, band.tariff, band)


@require_POST
@require_roles(FINANCE)
def band_remove(request, pk: int):
    band = _band(request.user, pk)
    try:
        services.band_remove(user=request.user, band=band)
        messages.success(request, _("The band has been removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("tariff-detail", band.tariff_id)


def _supplement_page(request, tariff: Tariff, supplement: Supplement | None):
    initial = None
    if supplement is not None:
        initial = {
            field: getattr(supplement, field)
            for field in ("name", "provider_kind", "kind", "value")
        }
    form = forms.SupplementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_call(
                services.supplement_save,
                request,
                form,
                tariff=tariff,
                supplement=supplement,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The supplement has been saved."))
            return redirect("tariff-detail", tariff.pk)
    context = {
        "tariff": tariff,
        "supplement": supplement,
        "form": form,
        "started": tariff_has_started(tariff),
    }
    return render(request, "vouchers/tariff_supplement.html", context)


@require_roles(FINANCE)
def supplement_new(request, pk: int):
    return _supplement_page(request, _tariff(request.user, pk), None)


@require_roles(FINANCE)
def supplement_edit(request, pk: int):
    supplement = _supplement(request.user, pk)
    return _supplement_page(request, supplement.tariff, supplement)


@require_POST
@require_roles(FINANCE)
def supplement_remove(request, pk: int):
    supplement = _supplement(request.user, pk)
    try:
        services.supplement_remove(user=request.user, supplement=supplement)
        messages.success(request, _("The supplement has been removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("tariff-detail", supplement.tariff_id)


@require_roles(FINANCE)
def major_holidays(request, slug: str):
    municipality = _municipality(request.user, slug)
    rules = MajorHolidayRule.objects.filter(municipality=municipality)
    initial = forms.MajorHolidayRulesForm.initial_of(rules)
    form = forms.MajorHolidayRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.major_holiday_rules_save(
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
        "holiday_windows": _holiday_windows(municipality.pk, year),
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
                services.lock_day_save, request, form, municipality=municipality
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The lock day has been saved."))
            return redirect("lock-day", municipality.slug)
    context = {"municipality": municipality, "form": form}
    return render(request, "vouchers/rule_lock_day.html", context)


urlpatterns = [
    path("taxor/", tariff_list, name="tariff-list"),
    path("taxor/ny/", tariff_new, name="tariff-new"),
    path("taxor/<int:pk>/", tariff_detail, name="tariff-detail"),
    path("taxor/<int:pk>/kopiera/", tariff_copy, name="tariff-copy"),
    path("taxor/<int:pk>/avsluta/", tariff_end, name="tariff-end"),
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
