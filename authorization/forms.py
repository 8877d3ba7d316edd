"""Forms of authorization: the provider's application."""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from authorization.models import Verdict
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
        # The quality unit's notes guide a completion; shown under each answer.
        notes = {
            r.condition_id: r.note
            for r in application.reviews.exclude(verdict=Verdict.MET).exclude(note="")
        }
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = application.announcement.areas.all()
        self.fields["areas"].initial = list(application.areas.all())
        for condition in conditions:
            self.fields[f"condition_{condition.pk}"] = forms.CharField(
                label=condition.title,
                help_text=_help_text(condition.text, notes.get(condition.pk)),
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


def _help_text(condition_text: str, note: str | None) -> str:
    """Escaped here: crispy renders help text as safe HTML."""
    if not note:
        return conditional_escape(condition_text)
    return format_html(
        "{}<br><strong>{}</strong> {}", condition_text, _("The quality unit:"), note
    )


class ReviewForm(forms.Form):
    """A verdict and a note per condition, and the reasons for a decision."""

    reasons = forms.CharField(
        label=_("Reasons for the decision or request"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, application, conditions, **kwargs):
        super().__init__(*args, **kwargs)
        reviews = {r.condition_id: r for r in application.reviews.all()}
        self.rows = []
        for condition in conditions:
            review = reviews.get(condition.pk)
            verdict = f"verdict_{condition.pk}"
            note = f"note_{condition.pk}"
            self.fields[verdict] = forms.ChoiceField(
                label=_("Verdict"),
                choices=[("", "–"), *Verdict.choices],
                required=False,
                initial=review.verdict if review else "",
            )
            self.fields[note] = forms.CharField(
                label=_("Note"),
                required=False,
                initial=review.note if review else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append((condition, self[verdict], self[note]))

    def verdicts(self) -> dict[int, tuple[str, str]]:
        cleaned = self.cleaned_data
        return {
            condition.pk: (cleaned[verdict.name], cleaned[note.name].strip())
            for condition, verdict, note in self.rows
            if cleaned.get(verdict.name)
        }
