"""Forms of follow-up plans: the plan's filter, planning a follow-up,
findings, measures, the sanction of a breach, moving a follow-up along, and
the provider's answer to a measure."""

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from authorization.models import OnBreach, SanctionKind
from followup.models import FollowUpKind, Outcome
from followup.models.follow_ups import FIRST_YEAR, LAST_YEAR
from followup.services.follow_ups import TEXT_LIMIT

MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanFilterForm(forms.Form):
    """Which municipality's plan, and which year (GET)."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].empty_label = None

    def chosen(self, municipalities):
        """The municipality and year asked for, else the first and this year."""
        if self.is_valid():
            return self.cleaned_data["municipality"], self.cleaned_data["year"]
        return municipalities.first(), timezone.localdate().year


class AuthorizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, authorization) -> str:
        return f"{authorization.provider.name} – {authorization.service.name}"


class ComplaintChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, complaint) -> str:
        return _("Complaint %(number)s (%(date)s)") % {
            "number": complaint.pk,
            "date": f"{timezone.localtime(complaint.received_at):%Y-%m-%d}",
        }


class ReplanForm(forms.Form):
    month = forms.TypedChoiceField(
        label=_("Planned month"), choices=MONTH_CHOICES, coerce=int
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=FollowUpKind.choices)
    complaint = ComplaintChoiceField(
        label=_("Complaint (for a review on complaint)"),
        queryset=None,
        required=False,
    )

    def __init__(self, *args, complaints, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].queryset = complaints


class PlanForm(ReplanForm):
    authorization = AuthorizationChoiceField(
        label=_("Provider and service"), queryset=None
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    field_order = ["authorization", "year", "month", "kind", "complaint"]

    def __init__(self, *args, authorizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authorization"].queryset = authorizations
        self.fields["year"].initial = timezone.localdate().year


class ConditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, condition) -> str:
        return condition.title


class FindingForm(forms.Form):
    condition = ConditionChoiceField(label=_("Condition"), queryset=None)
    outcome = forms.ChoiceField(
        label=_("Finding"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note (required when not met or a remark)"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, conditions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].queryset = conditions


class MeasureForm(forms.Form):
    text = forms.CharField(
        label=_("Measure the provider must take"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = forms.DateField(label=_("To be taken by"), widget=DATE)


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Note (required when sending it back)"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FindingSanctionForm(forms.Form):
    """The sanction a breached condition prescribes: a warning, or for a
    condition that allows it a revocation too. The finding's note is the
    evidence."""

    kind = forms.ChoiceField(label=_("Sanction"), choices=())
    reasons = forms.CharField(
        label=_("Reasons"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE)

    def __init__(self, *args, finding, **kwargs):
        kwargs.setdefault("prefix", f"sanction-{finding.pk}")
        super().__init__(*args, **kwargs)
        kinds = [(SanctionKind.WARNING, SanctionKind.WARNING.label)]
        if finding.condition.sanction == OnBreach.WARNING_OR_REVOCATION:
            kinds.append((SanctionKind.REVOCATION, SanctionKind.REVOCATION.label))
        self.fields["kind"].choices = kinds
        self.fields["effective_from"].initial = timezone.localdate()
        self.finding = finding


class MeasureAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("What you have done"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
