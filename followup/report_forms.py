"""The quality unit's forms for the annual quality reports: which
municipality and year the page shows, and the start of a year's batch."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup.models.reports import FIRST_YEAR, LAST_YEAR
from kundval.models import Municipality


class ReportYearForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        # The year before this one: the report covers a year that has ended.
        self.fields["year"].initial = timezone.localdate().year - 1
        first = municipalities.first()
        self.fields["municipality"].initial = first.pk if first else None

    def chosen(self) -> tuple[Municipality | None, int]:
        """The municipality and year shown: the form's if valid, else the
        defaults."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["municipality"], self.cleaned_data["year"]
        queryset = self.fields["municipality"].queryset
        return queryset.first(), self.fields["year"].initial


class ReportBatchForm(ReportYearForm):
    replace = forms.BooleanField(
        label=_("Replace existing reports (make a new version of each)"),
        required=False,
    )
