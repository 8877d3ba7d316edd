"""Business rules of customers, need decisions, choices and care plans."""

from customers.services.care_plans import care_plan_write
from customers.services.choices import (
    CHOICE_TRANSITIONS,
    choice_record,
    choice_transition,
    choice_withdraw,
)
from customers.services.decisions import (
    DECISION_TRANSITIONS,
    decision_amend,
    decision_register,
    decision_transition,
)
from customers.services.notices import notices_read
from customers.services.people import customer_register
from customers.services.retention import customer_erase

__all__ = [
    "CHOICE_TRANSITIONS",
    "DECISION_TRANSITIONS",
    "care_plan_write",
    "choice_record",
    "choice_transition",
    "choice_withdraw",
    "customer_erase",
    "customer_register",
    "decision_amend",
    "decision_register",
    "decision_transition",
    "notices_read",
]
