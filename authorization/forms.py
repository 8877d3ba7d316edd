"""Forms of authorization: the provider's application."""

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

from authorization.models import (
    DEVIATION_KINDS,
    EXPIRING_KINDS,
    Condition,
    DocumentKind,
    ExclusionGround,
    LexSarahNature,
    Manager,
    ReportKind,
    ReportStatus,
    SanctionKind,
    Severity,
    Verdict,
    WorkPeriod,
)
from kundval.models import Area

# A deviation report is received, then noted (NOTE_TRANSITIONS).
NOTE_STATES = (ReportStatus.RECEIVED, ReportStatus.NOTED)
DECLARATION_CHOICES = [("no", _("Does not apply")), ("yes", _("Applies"))]


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, area) -> str:
        return area.name  # all areas of a call are in one municipality


class ApplicationForm(forms.Form):
    """One answer field per condition of the call, and the areas applied for."""

    # The view gives the call's areas (authorization.selectors.call_areas).
    areas = AreaChoiceField(
        label=_("Areas you apply for"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    exclusion_explanation = forms.CharField(
        label=_("If a ground applies: explain, and what you have done about it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    document = forms.FileField(
        label=_("Upload a document (PDF, JPEG or PNG, at most 10 MB)"),
        required=False,
    )
    document_kind = forms.ChoiceField(label=_("The document is"), required=False)
    valid_until = forms.DateField(
        label=_("Valid until (insurance and F-tax certificate)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, application, conditions, areas, **kwargs):
        answers = {a.condition_id: a.text for a in application.answers.all()}
        # The quality unit's notes guide a completion; shown under each answer.
        notes = {
            r.condition_id: r.note
            for r in application.reviews.exclude(verdict=Verdict.MET).exclude(note="")
        }
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas
        self.fields["areas"].initial = list(application.areas.all())
        for condition in conditions:
            self.fields[f"condition_{condition.pk}"] = forms.CharField(
                label=condition.title,
                help_text=_help_text(condition.text, notes.get(condition.pk)),
                required=False,
                initial=answers.get(condition.pk, ""),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self._add_declarations(application)
        self.fields["exclusion_explanation"].initial = application.exclusion_explanation
        self.fields["document_kind"].choices = _document_choices(conditions)

    def _add_declarations(self, application) -> None:
        declared = dict(application.declarations.values_list("ground", "applies"))
        for ground in ExclusionGround:
            applies = declared.get(ground.value)
            self.fields[f"ground_{ground.value}"] = forms.ChoiceField(
                label=ground.label,
                choices=DECLARATION_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                initial=None if applies is None else ("yes" if applies else "no"),
            )

    def condition_fields(self):
        return [self[name] for name in self.fields if name.startswith("condition_")]

    def ground_fields(self):
        return [self[name] for name in self.fields if name.startswith("ground_")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document") and not cleaned.get("document_kind"):
            self.add_error("document_kind", _("Say what the document is."))
        return cleaned

    def declarations(self) -> dict[str, bool]:
        return {
            name.removeprefix("ground_"): value == "yes"
            for name, value in self.cleaned_data.items()
            if name.startswith("ground_") and value
        }

    def upload(self) -> dict | None:
        """The document to store, as keyword arguments of document_upload."""
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        kind, _sep, condition_pk = self.cleaned_data["document_kind"].partition(":")
        return {
            "upload": upload,
            "kind": kind,
            "condition_id": int(condition_pk) if condition_pk else None,
            "valid_until": self.cleaned_data.get("valid_until"),
        }

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("condition_")): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("condition_")
        }


def _document_choices(conditions) -> list[tuple[str, str]]:
    evidence = [
        (f"{DocumentKind.EVIDENCE}:{c.pk}", _("Evidence: %(title)s") % {"title": c})
        for c in conditions
        if c.shown_at_authorization
    ]
    return [
        ("", "–"),
        *evidence,
        (DocumentKind.INSURANCE.value, DocumentKind.INSURANCE.label),
        (DocumentKind.F_TAX_CERTIFICATE.value, DocumentKind.F_TAX_CERTIFICATE.label),
    ]


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
    valid_from = forms.DateField(
        label=_("On approval: authorized from (empty: today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    capacity_ceiling = forms.IntegerField(
        label=_("On approval: capacity ceiling in customers (empty: none)"),
        required=False,
        min_value=1,
        max_value=100000,
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


class ManagerForm(forms.ModelForm):
    class Meta:
        model = Manager
        fields = [
            "name",
            "education",
            "education_years",
            "yh_credits",
            "education_abroad",
            "validated_by_uhr",
            "fluent_swedish",
        ]
        widgets = {"education": forms.Textarea(attrs={"rows": 3})}


PERIOD_FIELDS = ["kind", "employer", "start", "end", "percent"]


class WorkPeriodForm(forms.ModelForm):
    class Meta:
        model = WorkPeriod
        fields = PERIOD_FIELDS
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }


WorkPeriodFormSet = forms.formset_factory(WorkPeriodForm, extra=2, can_delete=True)


def work_periods(formset) -> list[dict]:
    """The filled-in, not deleted rows of a valid formset."""
    return [
        {name: form.cleaned_data[name] for name in PERIOD_FIELDS}
        for form in formset.forms
        # Rows shown filled in count even when untouched; empty rows don't.
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


BLANK = [("", "---------")]


class ReportForm(forms.Form):
    """A self-report. The deviation fields are asked of a serious complaint,
    fault, deviation or lex Sarah report; the service says which are missing."""

    kind = forms.ChoiceField(label=_("What do you report?"), choices=ReportKind.choices)
    occurred_on = forms.DateField(
        label=_("Date of the event or change"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    text = forms.CharField(
        label=_("Description: what happened or changed"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[*BLANK, *Severity.choices], required=False
    )
    lex_sarah_nature = forms.ChoiceField(
        label=_("Lex Sarah: what it is"),
        choices=[*BLANK, *LexSarahNature.choices],
        required=False,
    )
    measures = forms.CharField(
        label=_("Measures taken"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ivo_told = forms.BooleanField(label=_("IVO has been told"), required=False)
    ivo_told_on = forms.DateField(
        label=_("Date IVO was told"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    condition = forms.ModelChoiceField(
        label=_("General condition it concerns (optional)"),
        queryset=Condition.objects.none(),
        required=False,
    )

    def __init__(self, *args, conditions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].queryset = conditions


class IvoToldForm(forms.Form):
    told_on = forms.DateField(
        label=_("Date IVO was told"), widget=forms.DateInput(attrs={"type": "date"})
    )


class DeviationFilterForm(forms.Form):
    """The quality unit's filter of deviation reports (a GET form)."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All"))]
        + [(k.value, k.label) for k in ReportKind if k in DEVIATION_KINDS],
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("All")), *Severity.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *[(s.value, s.label) for s in NOTE_STATES]],
    )
    year = forms.IntegerField(
        label=_("Year of the event"), required=False, min_value=2000, max_value=2099
    )


class CertificateForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 10 MB)"))
    kind = forms.ChoiceField(
        label=_("The document is"),
        choices=[(k.value, k.label) for k in EXPIRING_KINDS],
    )
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )


class SanctionForm(forms.Form):
    condition = forms.ModelChoiceField(
        label=_("Breached condition"), queryset=Condition.objects.none()
    )
    kind = forms.ChoiceField(label=_("Sanction"), choices=SanctionKind.choices)
    evidence = forms.CharField(
        label=_("Evidence of the breach"), widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("Evidence file (optional; PDF, JPEG or PNG)"), required=False
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3})
    )
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, conditions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["condition"].queryset = conditions


class ReportHandleForm(forms.Form):
    note = forms.CharField(
        label=_("Note (reasons, if rejected)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
