"""Customers, need decisions, choices of provider and care plans."""

from customers.models.access import LIVE_STATUSES, ChoiceStatus
from customers.models.choices import (
    CarePlan,
    Choice,
    ChoiceChange,
    ChoiceEvent,
    DefaultProvider,
    Notice,
    NoticeKind,
    SwitchReason,
    live_choices_of,
)
from customers.models.decisions import (
    DecisionEvent,
    DecisionStatus,
    Intervention,
    NeedDecision,
)
from customers.models.people import Customer

__all__ = [
    "LIVE_STATUSES",
    "CarePlan",
    "Choice",
    "ChoiceChange",
    "ChoiceEvent",
    "ChoiceStatus",
    "Customer",
    "DecisionEvent",
    "DecisionStatus",
    "DefaultProvider",
    "Intervention",
    "NeedDecision",
    "Notice",
    "NoticeKind",
    "SwitchReason",
    "live_choices_of",
]
