"""Business rules of vouchers: rates (rates.py), visits (visits.py),
the finance officer's review of settlements (settlement_review.py) and
customer fees (fees.py). The settlement engine is vouchers.settlement."""
