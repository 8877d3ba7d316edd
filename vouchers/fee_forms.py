"""Forms of the fee and granted-against-performed pages: a month (YYYY-MM,
as the browser's month input sends it) in one of the user's
municipalities, and a customer's fee basis."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vouchers.months import month_parse


class MonthField(forms.Field):
    """A month as its first day; the browser's <input type="month">."""

    widget = forms.DateInput(attrs={"type": "month"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value.replace(day=1)
        try:
            return month_parse(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else value


def this_month() -> date:
    return timezone.localdate().replace(day=1)


class MonthForm(forms.Form):
    """Which municipality and month to show (a GET form, or the run button)."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=None, empty_label=None
    )
    month = MonthField(label=_("Month"))

    def __init__(self, *args, municipalities, **kwargs):
        kwargs.setdefault(
            "initial", {"municipality": municipalities.first(), "month": this_month()}
        )
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities

    def month_or_default(self) -> tuple:
        """The chosen municipality and month, or the defaults when unbound."""
        if self.is_bound:
            return self.cleaned_data["municipality"], self.cleaned_data["month"]
        return self.initial["municipality"], self.initial["month"]


class FeeBasisForm(forms.Form):
    valid_from = forms.DateField(
        label=_("Valid from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give the day as YYYY-MM-DD.")},
    )
    monthly_income = forms.DecimalField(
        label=_("Income per month (SEK)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("After tax, as the fee rules count it."),
    )
    reserved_amount = forms.DecimalField(
        label=_("Reserved amount per month (SEK)"),
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("The minimum amount, housing cost and adjustments."),
    )
