"""Forms of the providers app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from providers.models import PROFILE_FIELDS, Provider
from providers.validators import normalize_provider_number


class PostalCodeField(forms.RegexField):
    """Five digits, kept without the space people write (131 81)."""

    def __init__(self, **kwargs):
        super().__init__(
            regex=r"^\d{3} ?\d{2}$",
            error_messages={"invalid": _("Enter five digits, e.g. 131 81.")},
            **kwargs,
        )

    def clean(self, value):
        return super().clean(value).replace(" ", "")


class ProviderRegistrationForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the company or association"), max_length=200
    )
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=15,
        help_text=_(
            "NNNNNN-NNNN. A sole trader gives the owner's personnummer, YYYYMMDD-NNNN."
        ),
    )
    f_tax_confirmed = forms.BooleanField(
        label=_("We are approved for F-tax (F-skatt)"), required=True
    )
    vat_registered = forms.BooleanField(
        label=_("We are registered for VAT"), required=False
    )
    street_address = forms.CharField(label=_("Street address"), max_length=200)
    postal_code = PostalCodeField(label=_("Postal code"))
    city = forms.CharField(label=_("City"), max_length=100)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30)
    signatory_name = forms.CharField(
        label=_("Authorised signatory"),
        max_length=200,
        help_text=_("The person who signs the contract for the provider."),
    )
    # Whether an address has an account is nobody's business: it is the
    # user name, and the answer is the same either way (providers.services).
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=150,
        help_text=_(
            "It is your user name. We send you a link to choose your password."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_organisation_number(self) -> str:
        return normalize_provider_number(self.cleaned_data["organisation_number"])


class InviteColleagueForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=None, empty_label=None
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=150,
        help_text=_("It becomes the colleague's user name."),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        if len(providers) == 1:  # nothing to choose: don't ask
            self.fields["provider"].widget = forms.HiddenInput()
            self.fields["provider"].initial = providers[0]


class ProviderProfileForm(forms.ModelForm):
    """The profile fields; shown read-only to members who are not administrators."""

    postal_code = PostalCodeField(label=_("Postal code"))

    class Meta:
        model = Provider
        fields = PROFILE_FIELDS

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.disabled = read_only
