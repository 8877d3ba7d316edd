"""Forms of follow-up: the public complaint form, staff registration, and the
quality unit's and the provider's handling."""

from uuid import uuid4

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from authorization.selectors import authorized_providers
from followup.models import Category, Channel, SeriousQuestion
from followup.services.complaints import TEXT_LIMIT, Filing
from kundval.models import Municipality


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, provider) -> str:
        return provider.name


class ComplaintForm(forms.Form):
    """What anyone may send. A bound form renders what was typed, so nothing
    is lost on an error."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.all()
    )
    provider = ProviderChoiceField(
        label=_("Provider it is about"),
        queryset=authorized_providers().order_by("name"),
        required=False,
        empty_label=_("No provider"),
    )
    about_municipality = forms.BooleanField(
        label=_("It is about the municipality (for example its case handling)"),
        required=False,
    )
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    text = forms.CharField(
        label=_("What happened?"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    serious = forms.MultipleChoiceField(
        label=_("Answer yes where it applies"),
        choices=SeriousQuestion.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    anonymous = forms.BooleanField(
        label=_("I want to be anonymous (we cannot answer you then)"),
        required=False,
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Your e-mail"), required=False)
    phone = forms.CharField(label=_("Your phone"), max_length=30, required=False)

    def clean(self):
        data = super().clean()
        if data.get("anonymous") and any(
            data.get(f) for f in ("name", "email", "phone")
        ):
            raise forms.ValidationError(
                _("Leave your contact details out if you want to be anonymous.")
            )
        return data

    def filing(self) -> Filing:
        data = self.cleaned_data
        return Filing(
            municipality=data["municipality"],
            provider_id=data["provider"].pk if data["provider"] else None,
            about_municipality=data["about_municipality"],
            category=data["category"],
            text=data["text"],
            serious_answers=tuple(data["serious"]),
            anonymous=data["anonymous"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
        )


class PublicComplaintForm(ComplaintForm):
    # Filled in by scripts only: people never see it (the template hides it).
    website = forms.CharField(label=_("Leave this empty"), required=False)
    # One key per form shown, so a form posted twice files one complaint.
    submission_key = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"^[0-9a-f]{32}$")],
        error_messages={"required": _("The form was not sent whole. Send it again.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission_key"].initial = uuid4().hex

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class RegisterForm(ComplaintForm):
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[
            (Channel.PHONE, Channel.PHONE.label),
            (Channel.LETTER, Channel.LETTER.label),
        ],
    )
    # Posted only, never in a URL; the service normalises and checks it.
    identity_number = forms.CharField(
        label=_("Personnummer of the customer it concerns"),
        help_text=_("Optional. Links the complaint to the customer."),
        max_length=20,
        required=False,
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None)

    def __init__(self, *args, handlers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (why the complainant is not satisfied, when reopened)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer and measures taken"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
