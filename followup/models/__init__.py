from followup.models.complaints import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    ComplaintTerms,
    SeriousQuestion,
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
    "Category",
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintStatus",
    "ComplaintTerms",
    "QualityReport",
    "Question",
    "SeriousQuestion",
    "Survey",
    "SurveyKind",
    "SurveyResult",
    "SurveyTerms",
]
