"""The municipality's figures of choice per service: a GET form for the
service and the day, and the tables of customers.figures. No customer is
named on the page, so no access-log row is written."""

from datetime import date

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from customers.figures import FIGURE_ROLES, choice_figures, figure_services
from kundval.access import require_roles

# Twelve months back must stay a real date, and nobody chose before this.
EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)


class ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, service) -> str:
        return f"{service.name} ({service.municipality.name})"


class FiguresForm(forms.Form):
    service = ServiceField(
        label=_("Service"), queryset=None, required=False, empty_label=None
    )
    day = forms.DateField(
        label=_("Day"),
        required=False,
        help_text=_("Customers on this day; switches in the twelve months up to it."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give the day as YYYY-MM-DD.")},
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                _("Give a day from %(first)s to %(last)s.")
                % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}
            )
        return day


@require_roles(*FIGURE_ROLES)
@require_GET
def figures(request):
    services = figure_services(request.user)
    first = services.first()
    form = FiguresForm(
        request.GET or None,
        services=services,
        initial={"service": first, "day": timezone.localdate()},
    )
    found = None
    if form.is_bound and not form.is_valid():
        # Services the user may not see are not there at all.
        if "service" in form.errors:
            raise Http404
    elif first is not None:
        data = form.cleaned_data if form.is_bound else {}
        found = choice_figures(
            service=data.get("service") or first, day=data.get("day")
        )
    return render(
        request,
        "customers/figures.html",
        {"form": form, "figures": found, "services": first is not None},
    )
