"""Reads of customers, decisions and choices that need care, by topic:
`choices` (who can be chosen, how full a provider is, the work list) and
`provider` (the provider's customers and orders). A selector that shows a
customer writes the access-log rows of that read itself. Import them from
here; the modules are how the code is split, not an API."""

from customers.selectors.choices import (
    choice_running_on,
    choosable,
    customer_count,
    live_on,
    officer_work_list,
)
from customers.selectors.provider import (
    ProviderCustomerList,
    care_plans_of,
    order_for_provider,
    provider_choice,
    provider_customer_list,
)

__all__ = [
    "ProviderCustomerList",
    "care_plans_of",
    "choice_running_on",
    "choosable",
    "customer_count",
    "live_on",
    "officer_work_list",
    "order_for_provider",
    "provider_choice",
    "provider_customer_list",
]
