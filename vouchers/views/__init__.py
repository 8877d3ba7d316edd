"""Pages of vouchers: the provider's time reporting (visits.py); the finance
officer's tariffs (tariffs.py) and what they hold (rates.py), settlements
(settlements.py) and fees (fees.py), which share month_select.py."""
