"""The shared base: municipalities, their services and areas, staff roles,
the access log, background jobs, outgoing mail and the change record. Every
app may use these; none of these may use an app below (docs/architecture.md §1)."""

from kundval.models.access_log import AccessLog, AccessLogQuerySet
from kundval.models.base import ChangeRecord, DateRange, ScopePaths, slug_validator
from kundval.models.jobs import Job
from kundval.models.mail import Mail
from kundval.models.places import (
    Area,
    InterventionCategory,
    Municipality,
    Service,
    ServiceKind,
)
from kundval.models.roles import MUNICIPAL_ROLES, Membership, Role
from kundval.models.twofactor import TwoFactorReset

__all__ = [
    "MUNICIPAL_ROLES",
    "AccessLog",
    "AccessLogQuerySet",
    "Area",
    "ChangeRecord",
    "DateRange",
    "InterventionCategory",
    "Job",
    "Mail",
    "Membership",
    "Municipality",
    "Role",
    "ScopePaths",
    "Service",
    "ServiceKind",
    "TwoFactorReset",
    "slug_validator",
]
