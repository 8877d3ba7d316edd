from followup.services.complaints import (
    complaint_answer,
    complaint_assign,
    complaint_file,
    complaint_register,
    complaint_transition,
    complaint_transitions,
    complaints_overdue_remind,
)

__all__ = [
    "complaint_answer",
    "complaint_assign",
    "complaint_file",
    "complaint_register",
    "complaint_transition",
    "complaint_transitions",
    "complaints_overdue_remind",
]
