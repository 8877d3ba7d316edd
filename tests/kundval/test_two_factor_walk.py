"""No page or API route of a role opens on a password alone.

Walks every URL (the access matrix's walk) as a user holding every role
where the data is, signed in but not past the second factor: each
non-public route sends them to the two-factor page or answers 403, and shows
nothing of the municipality's data.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kundval.access import DJANGO_ADMIN, policy_of
from kundval.models import MUNICIPAL_ROLES, Membership
from providers.models import Provider, ProviderMembership
from tests.factories import UserFactory
from tests.routes import ROUTES, samples, url_of
from tests.test_access_matrix import (  # noqa: F401 (owner is a fixture)
    SECRET_NAME,
    _text,
    owner,
)

pytestmark = pytest.mark.django_db

ASKED = (reverse("two-factor"), reverse("admin:login"))


@pytest.fixture
def everyone_but_unverified(owner, settings):  # noqa: F811 (the fixture)
    """Every role in the owner's municipality and provider, and staff."""
    settings.TWO_FACTOR_REQUIRED = True
    user = UserFactory(is_staff=True, is_superuser=True)
    for role in MUNICIPAL_ROLES:
        Membership.objects.create(user=user, municipality=owner, role=role)
    ProviderMembership.objects.create(
        user=user, provider=Provider.objects.get(municipality=owner), is_admin=True
    )
    return user


NON_PUBLIC = [
    route
    for route in ROUTES
    if not policy_of(route[0].callback).public
    and not (policy_of(route[0].callback) == DJANGO_ADMIN and route[1])
    and route[2] not in {"admin:login", "admin:logout"}  # signing in and out
]


@pytest.mark.parametrize(
    "pattern,groups,name", NON_PUBLIC, ids=[str(r[0].pattern) for r in NON_PUBLIC]
)
def test_route_asks_for_the_second_factor(
    pattern,
    groups,
    name,
    owner,  # noqa: F811
    everyone_but_unverified,
):
    url = url_of(name, groups, samples(slug=owner.slug, pk=owner.call_pk))
    client = APIClient()
    client.force_login(everyone_but_unverified)
    stopped = []
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        where = f"{method.upper()} {url}"
        assert SECRET_NAME not in _text(response), f"leak: {where}"
        if response.status_code == 405:
            continue  # the other method is the route's
        asked = response.status_code == 302 and response["Location"].startswith(ASKED)
        assert asked or response.status_code == 403, where
        stopped.append(where)
    assert stopped, url
