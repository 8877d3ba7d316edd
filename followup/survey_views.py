"""The quality unit's survey pages: the surveys imported, the upload of one
(every bad row listed), and one survey's results per provider."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from followup.models import Question, SurveyKind
from followup.selectors import (
    survey_for_quality,
    survey_minimum,
    survey_table,
    surveys_for_quality,
)
from followup.services import survey_columns, survey_import_csv
from followup.survey_forms import SurveyUploadForm
from kundval.access import require_roles
from kundval.models import Role
from kundval.scoping import visible_municipalities

QUALITY = Role.QUALITY_OFFICER
SHOWN_ERRORS = 200


@require_roles(QUALITY)
def survey_list(request):
    surveys = surveys_for_quality(user=request.user)
    return render(request, "followup/survey_list.html", {"surveys": surveys})


@require_roles(QUALITY)
def survey_upload(request):
    posted = request.method == "POST"
    form = SurveyUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        municipalities=visible_municipalities(request.user, QUALITY),
    )
    result = None
    if posted and form.is_valid():
        result = survey_import_csv(user=request.user, **form.cleaned_data)
        if result.ok:
            messages.success(
                request,
                ngettext(
                    "%(count)d result imported.", "%(count)d results imported.",
                    result.imported,
                ) % {"count": result.imported},
            )  # fmt: skip
            return redirect("survey-detail", pk=result.survey.pk)
    context = {
        "form": form,
        "errors": list(result.errors.items())[:SHOWN_ERRORS] if result else [],
        "more": max(len(result.errors) - SHOWN_ERRORS, 0) if result else 0,
        "national": ";".join(survey_columns(SurveyKind.NATIONAL)),
        "own": ";".join(survey_columns(SurveyKind.OWN)),
        "questions": Question.choices,
    }
    return render(request, "followup/survey_upload.html", context)


@require_roles(QUALITY)
def survey_detail(request, pk: int):
    survey = survey_for_quality(user=request.user, pk=pk)
    table = survey_table(survey=survey)
    context = {
        "survey": survey,
        "questions": Question.choices,
        "rows": [
            (name, [figures.get(code) for code, _label in Question.choices])
            for name, figures in table
        ],
        "minimum": survey_minimum(survey.municipality_id),
        "national": survey.kind == SurveyKind.NATIONAL,
    }
    return render(request, "followup/survey_detail.html", context)
