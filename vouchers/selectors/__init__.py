"""Reads of vouchers that need care, by topic: `granted` (granted against
performed hours), `fees` (customers' fee statements) and `visits` (the
provider's performed time). A selector that shows a customer writes the
access-log rows of that read itself. Import them from here; the modules are
how the code is split, not an API."""

from vouchers.selectors.fees import (
    FeeHistory,
    customer_for_fee_page,
    fee_basis_on,
    fee_history,
    fee_statement_for_pdf,
    fee_statement_page,
    fee_statements_of,
    months_back,
)
from vouchers.selectors.granted import (
    GRANTED_ROLES,
    GrantedCustomers,
    GrantedPerformed,
    GrantedRow,
    ProviderTotal,
    covered_days,
    granted_customers_page,
    granted_provider,
    granted_vs_performed,
    share_of,
)
from vouchers.selectors.visits import (
    provider_visits,
    reportable_choices,
    reportable_choices_read,
    upload_providers,
    visit_for_provider,
    visit_month_page,
    visits_for_api,
)

__all__ = [
    "GRANTED_ROLES",
    "FeeHistory",
    "GrantedCustomers",
    "GrantedPerformed",
    "GrantedRow",
    "ProviderTotal",
    "covered_days",
    "customer_for_fee_page",
    "fee_basis_on",
    "fee_history",
    "fee_statement_for_pdf",
    "fee_statement_page",
    "fee_statements_of",
    "granted_customers_page",
    "granted_provider",
    "granted_vs_performed",
    "months_back",
    "provider_visits",
    "reportable_choices",
    "reportable_choices_read",
    "share_of",
    "upload_providers",
    "visit_for_provider",
    "visit_month_page",
    "visits_for_api",
]
