"""Forms of authorization: the provider's application."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kundval.models import Area


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, area) -> str:
        return area.name  # all areas of a call are in one municipality


class ApplicationForm(forms.Form):
    """One answer field per condition of the call, and the areas applied for."""

    areas = AreaChoiceField(
        label=_("Areas you apply for"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, application, conditions, **kwargs):
        answers = {a.condition_id: a.text for a in application.answers.all()}
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = application.announcement.areas.all()
        self.fields["areas"].initial = list(application.areas.all())
        for condition in conditions:
            self.fields[f"condition_{condition.pk}"] = forms.CharField(
                label=condition.title,
                help_text=condition.text,
                required=False,
                initial=answers.get(condition.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("condition_")): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("condition_")
        }
