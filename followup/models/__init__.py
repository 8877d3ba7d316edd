from followup.models.accounts import AccountStatus, QualityAccount
from followup.models.complaints import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    ComplaintTerms,
    SeriousQuestion,
)
from followup.models.follow_ups import (
    Finding,
    FollowUp,
    FollowUpEvent,
    FollowUpKind,
    FollowUpStatus,
    Measure,
    Outcome,
)
from followup.models.reports import QualityReport
from followup.models.surveys import (
    Question,
    Survey,
    SurveyKind,
    SurveyResult,
    SurveyTerms,
)

__all__ = [
    "AccountStatus",
    "Category",
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintStatus",
    "ComplaintTerms",
    "Finding",
    "FollowUp",
    "FollowUpEvent",
    "FollowUpKind",
    "FollowUpStatus",
    "Measure",
    "Outcome",
    "QualityAccount",
    "QualityReport",
    "Question",
    "SeriousQuestion",
    "Survey",
    "SurveyKind",
    "SurveyResult",
    "SurveyTerms",
]
