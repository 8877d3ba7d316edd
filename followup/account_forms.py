"""Forms of the annual quality account: the provider's answers, starting
one, the quality unit's return with a reason, and the year to look at."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import QualityAccount
from followup.models.surveys import FIRST_YEAR, LAST_YEAR
from followup.services.accounts import EDITABLE

TEXT_LIMIT = 5000


class AccountForm(forms.Form):
    """Every field may wait while it is a draft; submitting needs the figures
    (the service says which are missing)."""

    assistant_nurse_share = forms.DecimalField(
        label=_("Share of staff who are assistant nurses (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=4,
        decimal_places=1,
        required=False,
        localize=True,
    )
    staff_turnover = forms.DecimalField(
        label=_("Staff turnover (%)"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=1,
        required=False,
        localize=True,
    )
    staff_count = forms.IntegerField(
        label=_("Number of staff"), min_value=0, max_value=100_000, required=False
    )
    complaints_received = forms.IntegerField(
        label=_("Complaints received in the year"),
        min_value=0,
        max_value=100_000,
        required=False,
    )
    complaints_handled = forms.IntegerField(
        label=_("Complaints handled in the year"),
        min_value=0,
        max_value=100_000,
        required=False,
    )
    improvements = forms.CharField(
        label=_("Improvements made in the year"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    goals = forms.CharField(
        label=_("Goals for next year"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    quality_work = forms.CharField(
        label=_("How you work with quality"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        required=False,
    )

    @classmethod
    def of(cls, account: QualityAccount, data=None) -> "AccountForm":
        initial = {name: getattr(account, name) for name in EDITABLE}
        return cls(data, initial=initial)


class StartForm(forms.Form):
    provider = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    municipality = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is returned (the provider reads this)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
    )


class YearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
