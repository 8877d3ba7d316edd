"""Reads of follow-up, by topic: `complaints` (the quality unit's and the
provider's lists, overdue ones, the complainant's contact details for those
handling a complaint), `continuity` (staff continuity figures other apps
may use) and `surveys` (survey results, hidden under the minimum). Import
them from here; the modules are how the code is split, not an API."""

from followup.selectors.complaints import (
    complaint_contact,
    complaint_for_provider,
    complaint_for_quality,
    complaints_for_provider,
    complaints_for_quality,
    complaints_overdue,
    complaints_overdue_for_quality,
    handlers_for,
)
from followup.selectors.continuity import (
    BUCKETS,
    NATIONAL,
    Bucket,
    Continuity,
    NationalFigure,
    staff_continuity,
    staff_continuity_from,
    staff_continuity_of_municipality,
)
from followup.selectors.surveys import (
    Figure,
    survey_for_quality,
    survey_minimum,
    survey_table,
    survey_trend,
    surveys_for_quality,
)

__all__ = [
    "BUCKETS",
    "NATIONAL",
    "Bucket",
    "Continuity",
    "Figure",
    "NationalFigure",
    "complaint_contact",
    "complaint_for_provider",
    "complaint_for_quality",
    "complaints_for_provider",
    "complaints_for_quality",
    "complaints_overdue",
    "complaints_overdue_for_quality",
    "handlers_for",
    "staff_continuity",
    "staff_continuity_from",
    "staff_continuity_of_municipality",
    "survey_for_quality",
    "survey_minimum",
    "survey_table",
    "survey_trend",
    "surveys_for_quality",
]
