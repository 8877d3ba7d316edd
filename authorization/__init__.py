"""Announcements, conditions, applications, authorizations, sanctions (issue 4)."""
