"""Survey results as open data (issue 15 item 8): every result shown by
the rule of followup.selectors.surveys (`_figure`: none from fewer answers
than the municipality's minimum), by municipality, year and provider."""

from followup.models import SurveyResult
from followup.selectors.surveys import _figure, survey_minimum


def survey_results_open(
    *, municipality: str = "", year: int | None = None, provider_id: int | None = None
) -> list[SurveyResult]:
    """The results anyone may read, filtered by municipality slug, year and
    provider; a result under its municipality's minimum is left out."""
    results = SurveyResult.objects.select_related(
        "survey__municipality", "provider"
    ).order_by(
        "survey__municipality__slug",
        "-survey__year",
        "survey__kind",
        "provider__name",
        "question",
    )
    if municipality:
        results = results.filter(survey__municipality__slug=municipality)
    if year is not None:
        results = results.filter(survey__year=year)
    if provider_id is not None:
        results = results.filter(provider_id=provider_id)
    minimums: dict[int, int] = {}
    shown = []
    for result in results:
        town = result.survey.municipality_id
        if town not in minimums:
            minimums[town] = survey_minimum(town)
        if _figure(result, minimums[town]).value is not None:
            shown.append(result)
    return shown
