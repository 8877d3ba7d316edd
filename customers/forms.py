"""Forms of the case officer's customer pages."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from customers.models import Intervention, SwitchReason
from kundval.models import Area, Service


class CustomerSearchForm(forms.Form):
    identity_number = forms.CharField(
        label=_("Personal identity or coordination number"),
        max_length=20,
        help_text=_("YYYYMMDD-NNNN. Sent in the form, never in the address bar."),
    )


class AreaField(forms.ModelChoiceField):
    def label_from_instance(self, area) -> str:
        return f"{area.name} ({area.municipality.name})"


class CustomerForm(forms.Form):
    identity_number = forms.CharField(
        label=_("Personal identity or coordination number"), max_length=20
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    street_address = forms.CharField(
        label=_("Street address"), max_length=200, required=False
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=6, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    area = AreaField(label=_("Area"), queryset=Area.objects.none())
    contact_person = forms.CharField(
        label=_("Contact person (name and phone)"), max_length=200, required=False
    )
    protected_identity = forms.BooleanField(
        label=_("Protected identity: the address is shown to case officers only"),
        required=False,
    )

    def __init__(self, *args, municipality_ids, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.filter(municipality__in=municipality_ids)
        self.fields["area"].queryset = areas.select_related("municipality")


class InterventionField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, intervention) -> str:
        return f"{intervention.name} ({intervention.get_category_display().lower()})"


class DecisionForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.none()
    )
    interventions = InterventionField(
        label=_("Interventions"),
        queryset=Intervention.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    hours_per_month = forms.DecimalField(
        label=_("Hours per month"), min_value=Decimal("0.01"), decimal_places=2
    )
    starts_on = forms.DateField(
        label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends (empty: until further notice)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.filter(municipality=customer.municipality_id)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda service: service.name
        self.fields["interventions"].queryset = Intervention.objects.filter(
            service__in=services
        )


NON_CHOICE = "default"


class ChoiceForm(forms.Form):
    """The customer's choice among `options` (authorizations), or the
    non-choice. The template lays the options out as a table of facts."""

    provider = forms.ChoiceField(label=_("Provider"), widget=forms.RadioSelect)
    starts_on = forms.DateField(
        label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"})
    )
    switch_reason = forms.ChoiceField(
        label=_("Why the customer switches"),
        choices=[("", "–"), *SwitchReason.choices],
        required=False,
    )
    switch_note = forms.CharField(
        label=_("About the switch"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [
            (NON_CHOICE, _("Non-choice: the default provider")),
            *((str(o.provider_id), o.provider.name) for o in options),
        ]

    def chosen_provider_id(self) -> int | None:
        value = self.cleaned_data["provider"]
        return None if value == NON_CHOICE else int(value)


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Why the order is declined"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the choice is withdrawn"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The provider reads it in its inbox. No personal details."),
    )


class CarePlanForm(forms.Form):
    how = forms.CharField(
        label=_("How the help is given"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is done, when, and what the customer wants to decide."),
    )
    agreed_on = forms.DateField(
        label=_("Agreed with the customer on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    follow_up_on = forms.DateField(
        label=_("Next follow-up"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DecisionChangeForm(forms.Form):
    """Decide or end a decision, with a note; checked as a form so a NUL
    byte or an unknown action is a message, not a database error."""

    action = forms.ChoiceField(choices=[("decide", "decide"), ("end", "end")])
    note = forms.CharField(label=_("Why (recorded)"), required=False, max_length=2000)


class DecisionAmendForm(forms.Form):
    """New hours or a new end for a decided decision, and why."""

    hours_per_month = forms.DecimalField(
        label=_("Hours per month"), min_value=Decimal("0.01"), decimal_places=2
    )
    ends_on = forms.DateField(
        label=_("Ends (empty: until further notice)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Why (recorded)"))
