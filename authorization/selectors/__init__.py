"""Reads of authorization that need care, by topic: `calls` (the published
calls, their conditions and areas), `applications` (the provider's own and
those the quality unit reviews, a document to download), `authorizations`
(those in force and the open data on their providers, those a user sees),
`oversight` (the quality unit's list, what the pages show of one
authorization, the self-reports to handle, deviation reports and their
counts) and `managers` (a manager's
qualification, who is in charge now). Import them from here; the modules are
how the code is split, not an API."""

from authorization.selectors.applications import (
    EDITABLE,
    ApplicationParts,
    ReviewParts,
    answers_of,
    application_document,
    application_parts,
    document_for_download,
    editable_application_to,
    manager_of,
    people_with_qualification,
    provider_application,
    provider_applications,
    review_parts,
    reviewable_application,
    reviewable_applications,
    work_periods_of,
)
from authorization.selectors.authorizations import (
    authorization_of,
    authorizations_in_force,
    authorizations_of,
    authorized_providers,
)
from authorization.selectors.calls import (
    announcement_published,
    announcements_published,
    call_areas,
    conditions_of,
)
from authorization.selectors.managers import manager_qualification, people_in_charge
from authorization.selectors.oversight import (
    AuthorizationRecord,
    DeviationCounts,
    DeviationFilter,
    authorization_record,
    deviation_counts,
    deviation_report,
    deviation_reports,
    overseen_authorizations,
    overseen_report,
    own_deviation_report,
    reports_to_handle,
    reports_with_qualification,
)

__all__ = [
    "EDITABLE",
    "ApplicationParts",
    "AuthorizationRecord",
    "DeviationCounts",
    "DeviationFilter",
    "ReviewParts",
    "announcement_published",
    "announcements_published",
    "answers_of",
    "application_document",
    "application_parts",
    "authorization_of",
    "authorization_record",
    "authorizations_in_force",
    "authorizations_of",
    "authorized_providers",
    "call_areas",
    "conditions_of",
    "deviation_counts",
    "deviation_report",
    "deviation_reports",
    "document_for_download",
    "editable_application_to",
    "manager_of",
    "manager_qualification",
    "overseen_authorizations",
    "overseen_report",
    "own_deviation_report",
    "people_in_charge",
    "people_with_qualification",
    "provider_application",
    "provider_applications",
    "reports_to_handle",
    "reports_with_qualification",
    "review_parts",
    "reviewable_application",
    "reviewable_applications",
    "work_periods_of",
]
