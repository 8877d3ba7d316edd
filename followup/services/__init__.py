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
from followup.services.surveys import survey_columns, survey_import_csv

__all__ = [
    "Filing",
    "complaint_answer",
    "complaint_assign",
    "complaint_file",
    "complaint_register",
    "complaint_transition",
    "complaint_transitions",
    "complaints_overdue_remind",
    "survey_columns",
    "survey_import_csv",
]
