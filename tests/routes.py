"""Every URL pattern of the project, and sample values for its arguments.

Shared by the generated checks (the access matrix, the route walk): each
walks ROUTES, so a new URL is covered the day it is added. A URL whose
argument has no sample value fails those checks (add one to `samples`).
"""

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def _walk(patterns, prefix_groups=(), namespace=""):
    for entry in patterns:
        groups = (*prefix_groups, *entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, groups, inner)
        elif isinstance(entry, URLPattern):
            yield entry, groups, f"{namespace}{entry.name}" if entry.name else None


ROUTES = list(_walk(get_resolver().url_patterns))


def samples(*, slug: str, pk: int) -> dict:
    """Values for every URL argument: `pk` names one row of every table (the
    worlds give their rows one common primary key), `slug` a municipality."""
    return {
        "slug": slug,
        "format": "json",
        "uidb64": "MQ",
        "token": "x-y",
        "pk": pk,
        "call_pk": pk,
        "role": "manager",
    }


def url_of(name: str, groups, values: dict) -> str:
    missing = [group for group in groups if group not in values]
    assert not missing, f"add sample values for {missing} to tests.routes.samples"
    return reverse(name, kwargs={group: values[group] for group in groups})
