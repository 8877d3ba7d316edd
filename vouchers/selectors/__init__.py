"""Reads of vouchers that need care, by topic: `granted` (granted against
performed hours) and `fees` (customers' fee statements). Import them from
here; the modules are how the code is split, not an API."""

from vouchers.selectors.fees import fee_basis_on, fee_statements_of, months_back
from vouchers.selectors.granted import (
    GRANTED_ROLES,
    GRANTING,
    GrantedPerformed,
    GrantedRow,
    ProviderTotal,
    covered_days,
    granted_vs_performed,
    share_of,
)

__all__ = [
    "GRANTED_ROLES",
    "GRANTING",
    "GrantedPerformed",
    "GrantedRow",
    "ProviderTotal",
    "covered_days",
    "fee_basis_on",
    "fee_statements_of",
    "granted_vs_performed",
    "months_back",
    "share_of",
]
