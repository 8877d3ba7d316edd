"""One walk over every pair of states of a transition table
(kundval.transitions), so each table's test is a few lines:

    @pytest.mark.parametrize(("source", "target"), every_pair(TABLE))
    def test_every_pair_of_the_table(source, target):
        thing = make(status=source)
        check_pair(TABLE, source, target, move=..., state_of=...)
"""

from collections.abc import Callable

import pytest

from kundval.transitions import TransitionError, Transitions


def every_pair(table: Transitions) -> list:
    """Every (from, to) of the table's states, allowed or not, as test cases."""
    states = table.states.values
    return [pytest.param(a, b, id=f"{a}->{b}") for a in states for b in states]


def check_pair(
    table: Transitions,
    source: str,
    target: str,
    *,
    move: Callable[[str | None], object],
    state_of: Callable[[], str],
) -> str | None:
    """`move(who)` tries the change as a user holding `who`: the table's role
    for an allowed pair, None for any other. An allowed pair must end in
    `target`, in the database and in what the service returns; any other
    must raise TransitionError and leave `source`. Returns who made an
    allowed change, for the caller's own checks."""
    who = table.edges.get((source, target))
    if who is None:
        with pytest.raises(TransitionError):
            move(None)
        assert state_of() == source
        return None
    changed = move(who)
    assert changed.status == target
    assert state_of() == target
    return who
