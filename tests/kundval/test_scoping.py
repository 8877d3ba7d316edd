"""Scoping: default deny, municipality walls, role filters, provider hook."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kundval import scoping
from kundval.models import (
    MUNICIPAL_ROLES,
    AccessLog,
    Area,
    Membership,
    Municipality,
    Role,
    ScopePaths,
    Service,
)
from kundval.scoping import scope_of, visible, visible_municipalities
from kundval.services import access_log_record
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ServiceFactory,
    UserFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_municipalities():
    nacka, trosa = MunicipalityFactory(), MunicipalityFactory()
    for municipality in (nacka, trosa):
        ServiceFactory(municipality=municipality)
        AreaFactory(municipality=municipality)
    return nacka, trosa


@pytest.mark.parametrize("model", [Municipality, Service, Area, Membership, AccessLog])
def test_user_without_membership_sees_nothing(two_municipalities, model):
    officer = member(Role.CASE_OFFICER, two_municipalities[0])  # someone's rows
    access_log_record(
        user=officer, municipality_id=two_municipalities[0].pk, customer_id=1, what="x"
    )
    loner = UserFactory()
    assert model.objects.exists()
    assert not visible(model.objects.all(), loner).exists()
    assert not visible(model.objects.all(), AnonymousUser()).exists()


def test_case_officer_sees_only_own_municipality(two_municipalities):
    nacka, _trosa = two_municipalities
    officer = member(Role.CASE_OFFICER, nacka)
    assert list(visible_municipalities(officer)) == [nacka]
    assert set(visible(Service.objects.all(), officer)) == set(nacka.services.all())
    assert set(visible(Area.objects.all(), officer)) == set(nacka.areas.all())


def test_roles_filter_narrows_to_that_role(two_municipalities):
    nacka, trosa = two_municipalities
    user = member(Role.CASE_OFFICER, nacka)
    Membership.objects.create(user=user, municipality=trosa, role=Role.FINANCE_OFFICER)
    assert list(visible_municipalities(user, Role.FINANCE_OFFICER)) == [trosa]
    assert list(visible_municipalities(user, Role.QUALITY_OFFICER)) == []
    assert set(visible_municipalities(user)) == {nacka, trosa}
    assert list(visible_municipalities(user, Role.PROVIDER_USER)) == []


def test_inactive_user_sees_nothing(two_municipalities):
    officer = member(Role.CASE_OFFICER, two_municipalities[0])
    officer.is_active = False
    assert scope_of(officer) == scoping.NOBODY
    assert not visible_municipalities(officer).exists()


def test_provider_resolver_scopes_provider_paths(two_municipalities, monkeypatch):
    _nacka, trosa = two_municipalities
    provider_user = UserFactory()
    monkeypatch.setattr(scoping, "_provider_resolvers", [])
    scoping.register_provider_resolver(
        lambda user: [trosa.pk] if user.pk == provider_user.pk else []
    )
    # Areas reached "through a provider" with the provider path pointing at
    # the municipality id stands in for the providers app's real models.
    monkeypatch.setattr(
        Area,
        "scope_paths",
        ScopePaths(municipality=None, provider="municipality"),
    )
    assert scope_of(provider_user).roles == {Role.PROVIDER_USER}
    assert set(visible(Area.objects.all(), provider_user)) == set(trosa.areas.all())
    assert not visible(Area.objects.all(), provider_user, Role.CASE_OFFICER).exists()
    assert not visible_municipalities(provider_user).exists()


def test_model_without_scope_paths_cannot_be_scoped():
    with pytest.raises(ImproperlyConfigured):
        visible(Session.objects.all(), UserFactory())


MUNICIPAL = [role.value for role in MUNICIPAL_ROLES]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    held=st.sets(st.tuples(st.integers(0, 2), st.sampled_from(MUNICIPAL))),
    asked=st.sets(st.sampled_from([*MUNICIPAL, Role.PROVIDER_USER.value])),
)
def test_visible_is_exactly_where_an_asked_role_is_held(
    three_municipalities, held, asked
):
    user = UserFactory()
    for index, role in held:
        Membership.objects.create(
            user=user, municipality=three_municipalities[index], role=role
        )
    expected = {
        three_municipalities[index]
        for index, role in held
        if not asked or role in asked
    }
    assert set(visible_municipalities(user, *asked)) == expected


@pytest.fixture
def three_municipalities():
    return [MunicipalityFactory() for _ in range(3)]
