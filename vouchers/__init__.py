"""Time bands, rates, holiday calendar, visits, settlements, fees (issue 6)."""
