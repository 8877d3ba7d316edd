"""Reads of authorization that need care, by topic: `calls` (the published
calls and their conditions), `authorizations` (those in force) and
`managers` (a manager's qualification, who is in charge now). Import them
from here; the modules are how the code is split, not an API."""

from authorization.selectors.authorizations import authorizations_in_force
from authorization.selectors.calls import announcements_published, conditions_of
from authorization.selectors.managers import manager_qualification, people_in_charge

__all__ = [
    "announcements_published",
    "authorizations_in_force",
    "conditions_of",
    "manager_qualification",
    "people_in_charge",
]
