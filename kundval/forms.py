"""Forms of the shared base."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from kundval.accounts import password_reset_mail


class LoginForm(AuthenticationForm):
    """Django's login form with autocomplete hints for password managers."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Wrong username or password. Note that both fields are case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        # Django sets max_length after the field is built, so it is not
        # checked; an overlong name would reach django-axes' log and fail there.
        username.validators.append(MaxLengthValidator(username.max_length))
        username.widget.attrs.update(autocomplete="username")
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class AccessLogFilterForm(forms.Form):
    """Filters of the access log review; all optional."""

    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    customer_id = forms.IntegerField(
        label=_("Customer number"), required=False, min_value=1
    )
    date_from = forms.DateField(
        label=_("From date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("The to date must not be before the from date.")
            )
        return cleaned


def add_errors(form, error: ValidationError) -> None:
    """A service's errors on the form: by field where the form has the field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none"}
        ),
    )


class PasswordResetByMailForm(PasswordResetForm):
    """Django's form, which says nothing either way; the mail goes through
    kundval.mail. It also serves an invited user who has not chosen a
    password yet and whose link expired: the mail goes to the same address
    the invitation did."""

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True
        )
        return users.iterator()

    def send_mail(self, subject_template, body_template, context, *args, **kwargs):
        password_reset_mail(user=context["user"])
