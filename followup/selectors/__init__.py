"""Reads of follow-up, by topic: `complaints` (the quality unit's and the
provider's lists, overdue ones, the complainant's contact details for those
handling a complaint) and `continuity` (staff continuity figures other apps
may use). Import them from here; the modules are how the code is split, not
an API."""

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

__all__ = [
    "BUCKETS",
    "NATIONAL",
    "Bucket",
    "Continuity",
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
]
