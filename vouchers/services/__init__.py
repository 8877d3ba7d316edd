"""Business rules of vouchers: rates (rates.py), visits (visits.py),
settlements (settlements.py) and customer fees (fees.py)."""
