"""Reads of follow-up that need care, by topic: `complaints` (the quality
unit's and the provider's lists, overdue ones, the complainant's contact
details for those handling a complaint)."""

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

__all__ = [
    "complaint_contact",
    "complaint_for_provider",
    "complaint_for_quality",
    "complaints_for_provider",
    "complaints_for_quality",
    "complaints_overdue",
    "complaints_overdue_for_quality",
    "handlers_for",
]
