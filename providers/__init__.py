"""Providers, their users, managers and qualifications, profiles (issue 4)."""
