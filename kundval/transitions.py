"""State tables: which changes of a state are allowed, and who may make them.

Every state (an application, a report, a choice, a need decision, a
settlement, a job) has one `Transitions` table: (from, to) → the role that
may make the change, or SYSTEM for a change the portal makes itself. The
service that changes the state calls `check` first: a user without the role
in the object's municipality, or not of its provider, is refused by
kundval.scoping.check_role, and a pair not in the table raises
`TransitionError` (a ValidationError, so a page shows its message). Every
change of a state goes through `check`; tests/transitions.py walks every
pair of states of a table.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import TextChoices

from kundval.scoping import check_role

# Who makes a change that no person makes (a background job's worker).
SYSTEM = "system"


class TransitionError(ValidationError):
    """A change of state that the table does not allow."""


@dataclass(frozen=True)
class Transitions:
    states: type[TextChoices]
    edges: Mapping[tuple[str, str], str]
    # "An application that is %(status)s cannot become %(to)s.", lazily translated
    refusal: str

    def __post_init__(self) -> None:
        unknown = {s for edge in self.edges for s in edge} - set(self.states.values)
        if unknown:
            raise ValueError(f"Not states of {self.states.__name__}: {unknown}")

    def who(self, current: str, to: str) -> str:
        """The role that may change `current` to `to`; TransitionError if none."""
        try:
            return self.edges[(current, to)]
        except KeyError:
            raise TransitionError(
                self.refusal % {"status": self._label(current), "to": self._label(to)}
            ) from None

    def check(
        self,
        current: str,
        to: str,
        *,
        user=None,
        municipality_id: int | None = None,
        provider_id: int | None = None,
    ) -> str:
        """Allow the change, or raise: PermissionDenied for a user who may not
        make it, TransitionError for a pair not in the table. A user who holds
        none of the table's roles there is refused before the pair is looked
        at, so an outsider learns nothing of the object's state."""
        where = {"municipality_id": municipality_id, "provider_id": provider_id}
        if (current, to) not in self.edges and user is not None and self.roles:
            check_role(user, *self.roles, **where)
        who = self.who(current, to)
        if who != SYSTEM:
            check_role(user, who, **where)
        return who

    @property
    def roles(self) -> set[str]:
        """The roles that make some change of the table (SYSTEM is none)."""
        return set(self.edges.values()) - {SYSTEM}

    def targets(self, current: str) -> set[str]:
        """The states `current` may change to (for the buttons a page shows)."""
        return {to for (source, to) in self.edges if source == current}

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.edges)

    def _label(self, state: str) -> str:
        # A state posted from outside may be no state at all.
        return self.states(state).label if state in self.states.values else state
