"""Reads of survey results: the quality unit's surveys, one survey's results
per provider and question, and a provider's trend over the years (for the
comparison page). A result from fewer answers than the municipality's
minimum is shown as hidden (None), never as its figure."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from followup.models import Survey, SurveyResult, SurveyTerms
from kundval.models import Role
from kundval.scoping import visible


@dataclass(frozen=True)
class Figure:
    """One result as shown: `value` is None when too few answered."""

    value: Decimal | None
    answered: int


def surveys_for_quality(*, user) -> QuerySet[Survey]:
    surveys = visible(Survey.objects.all(), user, Role.QUALITY_OFFICER)
    return surveys.select_related("municipality").annotate(
        providers=Count("results__provider", distinct=True)
    )


def survey_for_quality(*, user, pk: int) -> Survey:
    return get_object_or_404(surveys_for_quality(user=user), pk=pk)


def survey_minimum(municipality_id: int) -> int:
    terms = SurveyTerms.objects.filter(municipality_id=municipality_id).first()
    return (terms or SurveyTerms()).minimum_answers


def _figure(result: SurveyResult, minimum: int) -> Figure:
    value = result.share_positive if result.mean is None else result.mean
    return Figure(value if result.answered >= minimum else None, result.answered)


def survey_table(*, survey: Survey) -> list[tuple[str, dict[str, Figure]]]:
    """Per provider (by name): its figure per question code."""
    minimum = survey_minimum(survey.municipality_id)
    table: dict[str, dict[str, Figure]] = {}
    results = survey.results.select_related("provider").order_by("provider__name")
    for result in results:
        row = table.setdefault(result.provider.name, {})
        row[result.question] = _figure(result, minimum)
    return list(table.items())


def survey_trend(
    *, municipality_id: int, provider_id: int
) -> dict[str, dict[str, list[tuple[int, Figure]]]]:
    """A provider's results in a municipality over the years: per kind and
    question code, (year, figure) from the earliest year. Open data: the
    results are public once the minimum is met."""
    minimum = survey_minimum(municipality_id)
    results = SurveyResult.objects.filter(
        survey__municipality_id=municipality_id, provider_id=provider_id
    ).select_related("survey")
    trend: dict[str, dict[str, list[tuple[int, Figure]]]] = {}
    for result in results.order_by("survey__year"):
        by_question = trend.setdefault(result.survey.kind, {})
        by_question.setdefault(result.question, []).append(
            (result.survey.year, _figure(result, minimum))
        )
    return trend
