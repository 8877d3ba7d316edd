"""Customers, need decisions, choices and switches, care plans (issue 5)."""
