"""Forms of the finance officer's rate pages. They parse input only; the
rules are in vouchers.services.tariffs and vouchers.services.rates."""

from datetime import time, timedelta
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from kundval.models import InterventionCategory, Service
from providers.models import ProviderKind
from vouchers.models import MajorHoliday, SupplementKind, Unit
from vouchers.models.rates import DAY_CHOICES

WINDOW_ROWS = 4
# As the municipalities' own tables: the municipal rate first.
KINDS = sorted(ProviderKind.choices, key=lambda kind: kind[0] != ProviderKind.MUNICIPAL)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class ServiceField(forms.ModelChoiceField):
    def label_from_instance(self, service) -> str:
        return f"{service.name} ({service.municipality.name})"


class TariffForm(forms.Form):
    service = ServiceField(label=_("Service"), queryset=Service.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services.select_related("municipality")


class TariffCopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the new tariff"), max_length=100)
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=DATE,
        help_text=_("An open-ended tariff it copies ends the day before."),
    )


class TariffChangeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=DATE,
        help_text=_("A tariff that ends the day before this one starts follows."),
    )


class TariffEndForm(forms.Form):
    valid_to = forms.DateField(
        label=_("Last day of the tariff"),
        widget=DATE,
        help_text=_("Visits starting after this day are not priced with it."),
    )


class BandForm(forms.Form):
    """A band with its rate per provider kind and up to WINDOW_ROWS windows;
    an empty window row is left out."""

    name = forms.CharField(label=_("Name"), max_length=100)
    position = forms.IntegerField(
        label=_("Precedence"),
        min_value=0,
        max_value=32767,
        initial=10,
        help_text=_("Where windows of two bands overlap, the lower number wins."),
    )
    unit = forms.ChoiceField(label=_("Paid"), choices=Unit.choices)
    category = forms.ChoiceField(
        label=_("Only for interventions of category"),
        choices=[
            ("", _("All interventions (a band by time of day)")),
            *InterventionCategory.choices,
        ],
        required=False,
    )
    major_holidays = forms.BooleanField(
        label=_("Applies during major holidays (whatever the windows say)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in KINDS:
            self.fields[f"rate_{kind}"] = forms.DecimalField(
                label=_("Rate, %(kind)s (SEK)") % {"kind": label},
                min_value=Decimal(0),
                max_digits=10,
                decimal_places=2,
                required=False,
                help_text=_("Empty: this kind of provider is not paid in the band."),
            )
        for row in range(1, WINDOW_ROWS + 1):
            self.fields[f"window{row}_days"] = forms.TypedMultipleChoiceField(
                label=_("Days"),
                choices=DAY_CHOICES,
                coerce=int,
                widget=forms.CheckboxSelectMultiple(
                    attrs={"class": "form-check-input"}
                ),
                required=False,
            )
            self.fields[f"window{row}_starts_at"] = forms.TimeField(
                label=_("From"), widget=TIME, required=False
            )
            self.fields[f"window{row}_ends_at"] = forms.TimeField(
                label=_("Until"),
                widget=TIME,
                required=False,
                help_text=_("At or before the start: into the next day."),
            )

    def rate_fields(self):
        return [self[f"rate_{kind}"] for kind, _label in KINDS]

    def window_rows(self):
        return [
            (
                row,
                self[f"window{row}_days"],
                self[f"window{row}_starts_at"],
                self[f"window{row}_ends_at"],
            )
            for row in range(1, WINDOW_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        windows = []
        for row in range(1, WINDOW_ROWS + 1):
            days = data.get(f"window{row}_days") or []
            start = data.get(f"window{row}_starts_at")
            end = data.get(f"window{row}_ends_at")
            if not days and start is None and end is None:
                continue
            if not days or start is None or end is None:
                self.add_error(
                    f"window{row}_days",
                    _("Window %(row)d needs days, a from time and an until time.")
                    % {"row": row},
                )
                continue
            windows.append((days, start, end))
        data["windows"] = windows
        data["rates"] = {kind: data.get(f"rate_{kind}") for kind in ProviderKind.values}
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        fields = ("name", "position", "unit", "category", "major_holidays")
        return {
            **{field: data[field] for field in fields},
            "windows": data["windows"],
            "rates": data["rates"],
        }

    @staticmethod
    def initial_of(band) -> dict:
        initial = {
            "name": band.name,
            "position": band.position,
            "unit": band.unit,
            "category": band.category,
            "major_holidays": band.major_holidays,
        }
        for rate in band.rates.all():
            initial[f"rate_{rate.provider_kind}"] = rate.amount
        for row, window in enumerate(band.windows.all()[:WINDOW_ROWS], start=1):
            initial[f"window{row}_days"] = window.days
            initial[f"window{row}_starts_at"] = window.starts_at
            initial[f"window{row}_ends_at"] = window.ends_at
        return initial


class SupplementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    provider_kind = forms.ChoiceField(
        label=_("Paid to providers of kind"), choices=ProviderKind.choices
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=SupplementKind.choices)
    value = forms.DecimalField(
        label=_("Value"),
        min_value=Decimal("0.001"),
        max_digits=10,
        decimal_places=3,
        help_text=_("SEK per paid hour, or a percentage such as 1.3."),
    )


class MajorHolidayRulesForm(forms.Form):
    """Per major holiday: whether it applies, from when on the day before
    and until when on the day after."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for holiday, label in MajorHoliday.choices:
            self.fields[f"{holiday}_applies"] = forms.BooleanField(
                label=label, required=False
            )
            self.fields[f"{holiday}_starts_at"] = forms.TimeField(
                label=_("From, the day before"), widget=TIME, initial=time(18)
            )
            self.fields[f"{holiday}_ends_at"] = forms.TimeField(
                label=_("Until, the day after"), widget=TIME, initial=time(7)
            )

    def rows(self):
        return [
            (
                holiday,
                self[f"{holiday}_applies"],
                self[f"{holiday}_starts_at"],
                self[f"{holiday}_ends_at"],
            )
            for holiday in MajorHoliday.values
        ]

    def rules(self) -> dict:
        data = self.cleaned_data
        return {
            holiday: (data[f"{holiday}_starts_at"], data[f"{holiday}_ends_at"])
            for holiday in MajorHoliday.values
            if data[f"{holiday}_applies"]
        }

    @staticmethod
    def initial_of(rules) -> dict:
        initial = {}
        for rule in rules:
            initial[f"{rule.holiday}_applies"] = True
            initial[f"{rule.holiday}_starts_at"] = rule.starts_at
            initial[f"{rule.holiday}_ends_at"] = rule.ends_at
        return initial


class LockDayForm(forms.Form):
    lock_day = forms.IntegerField(
        label=_("The month locks on this day of the next month"),
        min_value=1,
        max_value=28,
        help_text=_(
            "Time reported or changed after that is paid as a correction in "
            "the next open month."
        ),
    )


class PreviewForm(forms.Form):
    """A visit to price with the tariff: how the finance officer checks it."""

    starts_at = forms.DateTimeField(label=_("Start"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("End"), widget=DATETIME)
    category = forms.ChoiceField(
        label=_("Intervention category"), choices=InterventionCategory.choices
    )
    provider_kind = forms.ChoiceField(
        label=_("Provider kind"), choices=ProviderKind.choices
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and not start < end <= start + timedelta(hours=48):
            raise forms.ValidationError(
                _("The end must be after the start, at most 48 hours later.")
            )
        return data
