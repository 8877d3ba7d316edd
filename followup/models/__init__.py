from followup.models.complaints import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    ComplaintTerms,
    SeriousQuestion,
)
from followup.models.surveys import (
    Question,
    Survey,
    SurveyKind,
    SurveyResult,
    SurveyTerms,
)

__all__ = [
    "Category",
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintStatus",
    "ComplaintTerms",
    "Question",
    "SeriousQuestion",
    "Survey",
    "SurveyKind",
    "SurveyResult",
    "SurveyTerms",
]
from followup.models.follow_ups import (
    Finding,
    FollowUp,
    FollowUpEvent,
    FollowUpKind,
    FollowUpStatus,
    Measure,
    Outcome,
)

__all__ += [
    "Finding",
    "FollowUp",
    "FollowUpEvent",
    "FollowUpKind",
    "FollowUpStatus",
    "Measure",
    "Outcome",
]
