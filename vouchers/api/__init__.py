"""The vouchers API: visits in from time-reporting systems (visits.py),
settlements out to finance systems (settlements.py)."""
