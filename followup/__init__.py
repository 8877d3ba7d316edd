"""Complaints, deviations, follow-ups, survey results, quality reports."""
