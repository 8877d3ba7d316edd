"""Forms of the provider's time pages (visits): one visit, a change, a CSV
upload. Times are Swedish wall-clock times (the current time zone)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.selectors import accepted_choices
from kundval.models import InterventionCategory
from providers.models import Provider

MINUTE = "%Y-%m-%dT%H:%M"


def _moment(label):
    return forms.DateTimeField(
        label=label,
        input_formats=[MINUTE, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MINUTE),
    )


class ChoiceField(forms.ModelChoiceField):
    """The customer's name, the service and the period: never the identity
    number."""

    def label_from_instance(self, choice) -> str:
        end = choice.ends_on.isoformat() if choice.ends_on else "…"
        return (
            f"{choice.decision.customer.name} – {choice.decision.service.name} "
            f"({choice.starts_on.isoformat()} – {end})"
        )


class VisitChangeForm(forms.Form):
    start = _moment(_("Start"))
    end = _moment(_("End"))
    category = forms.ChoiceField(
        label=_("Intervention category"), choices=InterventionCategory.choices
    )
    staff = forms.CharField(
        label=_("Staff id (optional)"),
        max_length=40,
        required=False,
        help_text=_("For continuity figures; not a name."),
    )


class VisitForm(VisitChangeForm):
    field_order = ["choice", "start", "end", "category", "staff", "approved"]

    # The view gives the choices (vouchers.selectors.reportable_choices).
    choice = ChoiceField(label=_("Customer"), queryset=accepted_choices().none())
    approved = forms.BooleanField(
        label=_("The customer has approved the time"), required=False
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].queryset = choices


class ProviderField(forms.ModelChoiceField):
    def label_from_instance(self, provider) -> str:
        return provider.name


class VisitUploadForm(forms.Form):
    provider = ProviderField(label=_("Provider"), queryset=Provider.objects.none())
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        only = list(providers[:2])
        self.only = only[0] if len(only) == 1 else None
        if self.only:  # Nothing to choose: not shown.
            self.fields["provider"].required = False
            self.fields["provider"].widget = forms.HiddenInput()

    def clean_provider(self):
        return self.cleaned_data["provider"] or self.only
