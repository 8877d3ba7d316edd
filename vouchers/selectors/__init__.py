"""Reads of vouchers that need care, by topic: `granted` (granted against
performed hours), `granted_year` (the same summed per provider for each
month of a year, in two queries), `fees` (customers' fee statements),
`visits` (the provider's performed time) and `tariffs` (the finance
officer's tariffs, bands, supplements and the municipality's rules). A
selector that shows a customer writes the access-log rows of that read
itself. Import them from here; the modules are how the code is split, not
an API."""

from vouchers.selectors.fees import (
    FeeHistory,
    customer_for_fee_page,
    fee_basis_on,
    fee_history,
    fee_statement_for_pdf,
    fee_statement_page,
    fee_statements_of,
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
from vouchers.selectors.granted_year import HoursByMonth, granted_performed_by_month
from vouchers.selectors.tariffs import (
    TariffParts,
    TariffPreview,
    band_of,
    band_rows,
    holiday_windows,
    major_holiday_rules_of,
    services_of,
    services_with_tariffs,
    settlement_terms_of,
    supplement_of,
    tariff_of,
    tariff_parts,
    tariff_preview,
    tariffs_of,
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
    "HoursByMonth",
    "ProviderTotal",
    "TariffParts",
    "TariffPreview",
    "band_of",
    "band_rows",
    "covered_days",
    "customer_for_fee_page",
    "fee_basis_on",
    "fee_history",
    "fee_statement_for_pdf",
    "fee_statement_page",
    "fee_statements_of",
    "granted_customers_page",
    "granted_performed_by_month",
    "granted_provider",
    "granted_vs_performed",
    "holiday_windows",
    "major_holiday_rules_of",
    "provider_visits",
    "reportable_choices",
    "reportable_choices_read",
    "services_of",
    "services_with_tariffs",
    "settlement_terms_of",
    "share_of",
    "supplement_of",
    "tariff_of",
    "tariff_parts",
    "tariff_preview",
    "tariffs_of",
    "upload_providers",
    "visit_for_provider",
    "visit_month_page",
    "visits_for_api",
]
