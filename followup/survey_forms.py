"""The quality unit's form to upload a survey's results."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followup.models import SurveyKind
from followup.models.surveys import FIRST_YEAR, LAST_YEAR
from kundval.models import Municipality


class SurveyUploadForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    year = forms.IntegerField(
        label=_("Year of the survey"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    kind = forms.ChoiceField(label=_("Survey"), choices=SurveyKind.choices)
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["year"].initial = timezone.localdate().year
        only = list(municipalities[:2])
        if len(only) == 1:  # Nothing to choose: chosen already.
            self.fields["municipality"].initial = only[0].pk
