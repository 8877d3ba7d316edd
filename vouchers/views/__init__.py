"""Pages of vouchers: the provider's time reporting (visits.py); the finance
officer's tariffs (rates.py), settlements (settlements.py) and fees (fees.py)."""
