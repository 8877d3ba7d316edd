"""The one transition mechanism: who is refused first, and what a refusal
says. Each app's table is walked pair by pair in its own tests."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from kundval.models import Job, Role
from kundval.transitions import TransitionError, Transitions
from tests.factories import MunicipalityFactory, member

pytestmark = pytest.mark.django_db
J = Job.Status
TABLE = Transitions(
    states=J,
    edges={(J.QUEUED, J.RUNNING): Role.FINANCE_OFFICER},
    refusal="A job that is %(status)s cannot become %(to)s.",
)


@pytest.fixture
def place():
    return MunicipalityFactory()


def test_the_role_of_the_edge_may_make_the_change(place):
    finance = member(Role.FINANCE_OFFICER, place)
    assert TABLE.check(J.QUEUED, J.RUNNING, user=finance, municipality_id=place.pk)


@pytest.mark.parametrize("target", [J.RUNNING, J.DONE])
def test_an_outsider_is_refused_before_the_state_is_looked_at(place, target):
    """Another municipality's officer, or one without the table's roles,
    gets PermissionDenied for every pair: a TransitionError would tell them
    the object's state."""
    for outsider in (
        member(Role.FINANCE_OFFICER, MunicipalityFactory()),
        member(Role.CASE_OFFICER, place),
    ):
        with pytest.raises(PermissionDenied):
            TABLE.check(J.QUEUED, target, user=outsider, municipality_id=place.pk)


def test_a_pair_not_in_the_table_is_refused_with_the_states_named(place):
    finance = member(Role.FINANCE_OFFICER, place)
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        TABLE.check(J.DONE, J.RUNNING, user=finance, municipality_id=place.pk)
    assert refused.value.messages == ["A job that is Done cannot become Running."]


def test_a_state_that_is_no_state_is_refused_not_a_crash(place):
    finance = member(Role.FINANCE_OFFICER, place)
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        TABLE.check(J.QUEUED, "<x>", user=finance, municipality_id=place.pk)
    assert refused.value.messages == ["A job that is Queued cannot become <x>."]


def test_a_table_naming_an_unknown_state_is_refused_when_defined():
    with pytest.raises(ValueError, match="archived"):
        Transitions(states=J, edges={(J.DONE, "archived"): Role.FINANCE_OFFICER},
                    refusal="")  # fmt: skip
