"""Reads of customers, decisions and choices that need care, by topic:
`choices` (who can be chosen, how full a provider is, the work list, the
officer's choice pages and the API's history), `decisions` and `people`
(the case officer's), `provider` (the provider's customers and orders),
`lookups` (what the API names by slug or number), `payable` (what
vouchers reads: accepted choices, granted hours, a visit's choice) and
`retention` (whose personal data is due for erasure). A
selector that shows a customer writes the access-log rows of that read
itself (`customer_read`). Import them from here; the modules are how the
code is split, not an API."""

from customers.selectors.choices import (
    choice_history,
    choice_running_on,
    choice_to_withdraw,
    choosable,
    customer_count,
    default_provider_of,
    live_on,
    officer_work_list,
    work_list_shown,
)
from customers.selectors.decisions import (
    decision_for_api,
    decision_for_choice,
    decision_for_letter,
    officer_decision,
    officer_decisions,
)
from customers.selectors.logged import customer_read
from customers.selectors.lookups import (
    area_named,
    interventions_named,
    provider_by_number,
    provider_numbered,
    service_named,
)
from customers.selectors.payable import (
    accepted_choices,
    choice_facts_rows,
    customers_by_id,
    granting_choices,
)
from customers.selectors.people import (
    customer_for_api,
    customer_for_page,
    customer_id_by_number,
    customer_id_in,
    decisions_of,
    officer_customer,
    officer_customers,
)
from customers.selectors.provider import (
    ProviderCustomerList,
    care_plans_of,
    order_for_provider,
    provider_choice,
    provider_customer_list,
)
from customers.selectors.retention import retention_archived, retention_due
from customers.selectors.yearly import ChoiceYear, choice_year, year_end

__all__ = [
    "ChoiceYear",
    "ProviderCustomerList",
    "accepted_choices",
    "area_named",
    "care_plans_of",
    "choice_facts_rows",
    "choice_history",
    "choice_running_on",
    "choice_to_withdraw",
    "choice_year",
    "choosable",
    "customer_count",
    "customer_for_api",
    "customer_for_page",
    "customer_id_by_number",
    "customer_id_in",
    "customer_read",
    "customers_by_id",
    "decision_for_api",
    "decision_for_choice",
    "decision_for_letter",
    "decisions_of",
    "default_provider_of",
    "granting_choices",
    "interventions_named",
    "live_on",
    "officer_customer",
    "officer_customers",
    "officer_decision",
    "officer_decisions",
    "officer_work_list",
    "order_for_provider",
    "provider_by_number",
    "provider_choice",
    "provider_customer_list",
    "provider_numbered",
    "retention_archived",
    "retention_due",
    "service_named",
    "work_list_shown",
    "year_end",
]
