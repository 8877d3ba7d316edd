from followup.models.complaints import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    ComplaintTerms,
    SeriousQuestion,
)

__all__ = [
    "Category",
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintStatus",
    "ComplaintTerms",
    "SeriousQuestion",
]
