"""Kundval: the project package and the shared base every app may use."""

from kundval.celery import app as celery_app

__all__ = ["celery_app"]
