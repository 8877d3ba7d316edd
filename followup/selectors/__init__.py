"""Reads of follow-up figures that other apps may use. Import them from here;
the modules are how the code is split, not an API."""

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
    "staff_continuity",
    "staff_continuity_from",
    "staff_continuity_of_municipality",
]
