"""The annual quality report as a PDF (issue 15 item 7): one provider in one
municipality and year, and the municipality's summary across its providers.

Rendered in Swedish, tagged (PDF/UA), through the one PDF helper
(kundval.pdf.render_pdf). The figures come from followup.selectors.report;
the charts are SVG (followup.charts), each with the same figures in a table
beside it. The batch, its storage and publishing call these two functions.
"""

from django.utils import dateformat, translation
from django.utils.translation import gettext as _

from followup import charts
from followup.models import SurveyKind
from followup.selectors.report import (
    ProviderReport,
    SurveySection,
    municipal_summary,
    provider_report,
)
from kundval.pdf import render_pdf

LANGUAGE = "sv"


def quality_report_pdf(*, municipality_id: int, provider_id: int, year: int) -> bytes:
    """The provider's report. Raises followup.selectors.report.NoSuchReport
    when the provider has never been authorized in the municipality."""
    report = provider_report(
        municipality_id=municipality_id, provider_id=provider_id, year=year
    )
    with translation.override(LANGUAGE):
        context = {
            "report": report,
            "charts": _provider_charts(report),
            "surveys": [(s, _survey_chart(s)) for s in report.surveys],
        }
    return render_pdf(
        template_name="followup/report/provider.html",
        context=context,
        language=LANGUAGE,
    )


def municipal_summary_pdf(*, municipality_id: int, year: int) -> bytes:
    summary = municipal_summary(municipality_id=municipality_id, year=year)
    return render_pdf(
        template_name="followup/report/summary.html",
        context={"summary": summary},
        language=LANGUAGE,
    )


def _month(month) -> str:
    return dateformat.format(month, "b")


def _provider_charts(report: ProviderReport) -> dict[str, charts.Chart]:
    found = {}
    if report.hours:
        found["hours"] = charts.bars(
            title=_("Hours performed and granted per month, %(year)s")
            % {"year": report.year},
            desc=_("Granted hours as filled bars, performed hours as outlined bars."),
            labels=[_month(m.month) for m in report.hours],
            series=[
                charts.Series(_("Granted"), [m.granted for m in report.hours]),
                charts.Series(_("Performed"), [m.performed for m in report.hours]),
            ],
        )
    if any(m.median is not None for m in report.continuity):
        found["continuity"] = charts.lines(
            title=_("Staff continuity per month, %(year)s") % {"year": report.year},
            desc=_(
                "The median number of different staff a customer met in 14 days; "
                "the national figure dashed. Fewer is better."
            ),
            labels=[_month(m.month) for m in report.continuity],
            series=[charts.Series(_("Median"), [m.median for m in report.continuity])],
            reference=charts.Series(
                _("National figure"), [report.national.median] * len(report.continuity)
            ),
        )
    return found


def _survey_chart(section: SurveySection) -> charts.Chart | None:
    overall = section.overall
    if overall is None:
        return None
    national = section.kind == SurveyKind.NATIONAL
    return charts.lines(
        title=_("Overall satisfaction over the years: %(survey)s")
        % {"survey": section.label},
        desc=(
            _("Share positive in per cent, per year.")
            if national
            else _("Mean score from 1 to 5, per year.")
        ),
        labels=[str(y) for y in section.years],
        series=[
            charts.Series(
                _("Overall satisfaction"),
                [f.value if f else None for f in overall.figures],
            )
        ],
        low=0 if national else 1,
        high=100 if national else 5,
    )
