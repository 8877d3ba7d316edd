"""The models of authorization: calls and conditions, applications and their review,
authorizations, documents, managers, and oversight after authorization."""

from authorization.models.applications import (
    OPEN_APPLICATION_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ConditionAnswer,
    ConditionReview,
    Verdict,
)
from authorization.models.authorizations import (
    Authorization,
    ExclusionDeclaration,
    ExclusionGround,
)
from authorization.models.calls import (
    Announcement,
    Condition,
    OnBreach,
)
from authorization.models.documents import (
    EXPIRING_KINDS,
    MAX_DOCUMENT_BYTES,
    Document,
    DocumentKind,
    _document_path,  # migration 0005 names it here
)
from authorization.models.managers import (
    Manager,
    ManagerRole,
    WorkKind,
    WorkPeriod,
)
from authorization.models.oversight import (
    DEVIATION_KINDS,
    REPORTS_NAMING_A_PERSON,
    REPORTS_NEEDING_APPROVAL,
    SERIOUS_REPORT,
    LexSarahNature,
    Report,
    ReportKind,
    ReportStatus,
    Sanction,
    SanctionKind,
    Severity,
)

__all__ = [
    "DEVIATION_KINDS",
    "EXPIRING_KINDS",
    "MAX_DOCUMENT_BYTES",
    "OPEN_APPLICATION_STATUSES",
    "REPORTS_NAMING_A_PERSON",
    "REPORTS_NEEDING_APPROVAL",
    "SERIOUS_REPORT",
    "Announcement",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "Authorization",
    "Condition",
    "ConditionAnswer",
    "ConditionReview",
    "Document",
    "DocumentKind",
    "ExclusionDeclaration",
    "ExclusionGround",
    "LexSarahNature",
    "Manager",
    "ManagerRole",
    "OnBreach",
    "Report",
    "ReportKind",
    "ReportStatus",
    "Sanction",
    "SanctionKind",
    "Severity",
    "Verdict",
    "WorkKind",
    "WorkPeriod",
    "_document_path",
]
