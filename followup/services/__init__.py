from followup.services.complaints import (
    Filing,
    complaint_answer,
    complaint_assign,
    complaint_file,
    complaint_register,
    complaint_transition,
    complaint_transitions,
    complaints_overdue_remind,
)

__all__ = [
    "Filing",
    "complaint_answer",
    "complaint_assign",
    "complaint_file",
    "complaint_register",
    "complaint_transition",
    "complaint_transitions",
    "complaints_overdue_remind",
]
