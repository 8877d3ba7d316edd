"""The provider selectors scope to the user's own providers: another
provider, or one the user is only a member of, is not returned."""

import pytest
from django.http import Http404

from kundval.models import Role
from providers.models import ProviderMembership
from providers.selectors import (
    administers,
    colleagues_of,
    first_provider_of,
    provider_of,
    providers_of,
)
from tests.factories import MunicipalityFactory, ProviderFactory, member, provider_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """Omtanke AB with its administrator and a member, and Annan AB."""
    own, other = ProviderFactory(name="Omtanke AB"), ProviderFactory(name="Annan AB")
    admin = provider_user(own)
    ProviderMembership.objects.filter(user=admin).update(is_admin=True)
    return {"own": own, "other": other, "admin": admin, "member": provider_user(own)}


def test_a_user_sees_only_the_providers_they_act_for(two):
    admin, own, other = two["admin"], two["own"], two["other"]
    assert list(providers_of(user=admin)) == [own]
    assert provider_of(user=admin, pk=own.pk) == own
    with pytest.raises(Http404):
        provider_of(user=admin, pk=other.pk)
    assert first_provider_of(user=admin) == own


def test_a_municipal_user_acts_for_no_provider(two):
    officer = member(Role.CASE_OFFICER, MunicipalityFactory())
    assert not providers_of(user=officer).exists()
    assert first_provider_of(user=officer) is None


def test_only_an_administrator_administers(two):
    assert administers(user=two["admin"], provider=two["own"])
    assert not administers(user=two["member"], provider=two["own"])
    assert not administers(user=two["admin"], provider=two["other"])


def test_colleagues_are_those_of_the_providers_administered(two):
    provider_user(two["other"])
    members = colleagues_of(user=two["admin"])
    assert {m.user for m in members} == {two["admin"], two["member"]}
    assert not colleagues_of(user=two["member"]).exists()
