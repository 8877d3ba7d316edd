"""Reads of customers, decisions and choices that need care, by topic:
`choices` (who can be chosen, how full a provider is, the work list).
Import them from here; the modules are how the code is split, not an API."""

from customers.selectors.choices import (
    choice_running_on,
    choosable,
    customer_count,
    live_on,
    officer_work_list,
)

__all__ = [
    "choice_running_on",
    "choosable",
    "customer_count",
    "live_on",
    "officer_work_list",
]
