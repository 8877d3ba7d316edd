"""Business rules of authorization, one module per part of the work."""

from authorization.services.applications import (
    APPLICATION_TRANSITIONS,
    application_review_save,
    application_save,
    application_start,
    application_submit,
    application_transition,
    contract_accept,
    manager_save,
    submission_problems,
)
from authorization.services.documents import (
    document_delete,
    document_upload,
    documents_expiring_remind,
)
from authorization.services.oversight import (
    certificate_add,
    report_file,
    report_handle,
    report_ivo_record,
    report_transitions,
    sanction_decide,
)

__all__ = [
    "APPLICATION_TRANSITIONS",
    "application_review_save",
    "application_save",
    "application_start",
    "application_submit",
    "application_transition",
    "certificate_add",
    "contract_accept",
    "document_delete",
    "document_upload",
    "documents_expiring_remind",
    "manager_save",
    "report_file",
    "report_handle",
    "report_ivo_record",
    "report_transitions",
    "sanction_decide",
    "submission_problems",
]
