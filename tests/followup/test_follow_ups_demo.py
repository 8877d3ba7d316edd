"""The demo's follow-up plan: Nacka's year in every state, a breach that led
to a warning, one overdue; each got where it is by the state table; a
second seed adds nothing."""

import pytest
from django.utils import timezone

from authorization.models import SanctionKind
from followup import demo
from followup.models import FollowUp, FollowUpEvent, FollowUpStatus, Outcome
from followup.selectors.follow_ups import follow_up_summary, is_overdue
from followup.services.follow_ups import FOLLOW_UP_TRANSITIONS
from tests.demo_snapshot import seed_demo_without_volumes

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    seed_demo_without_volumes()
    return FollowUp.objects.filter(
        municipality__slug="nacka", year=timezone.localdate().year
    )


def test_nackas_plan_in_every_state(seeded):
    assert seeded.count() == len(demo.FOLLOW_UPS)
    assert set(seeded.values_list("status", flat=True)) == set(FollowUpStatus.values)
    assert seeded.values("authorization__provider").distinct().count() >= 4
    closed = seeded.filter(status=FollowUpStatus.CLOSED)
    assert closed.count() >= 2
    assert (
        not closed.exclude(findings__outcome=Outcome.MET)
        .filter(findings__isnull=False)
        .exists()
    )
    warned = seeded.get(findings__sanction__kind=SanctionKind.WARNING)
    assert warned.findings.get(sanction__isnull=False).outcome == Outcome.NOT_MET
    assert warned.complaint is not None
    if timezone.localdate().month > 1:
        assert any(is_overdue(f) for f in seeded)


def test_each_follow_up_got_where_it_is_by_the_state_table(seeded):
    for follow_up in seeded:
        events = list(follow_up.events.all())
        status = events[-1].to_status if events else FollowUpStatus.PLANNED
        assert status == follow_up.status
        for event in events:
            assert (event.from_status, event.to_status) in FOLLOW_UP_TRANSITIONS.edges


def test_the_summary_of_the_warned_provider(seeded):
    warned = seeded.get(findings__sanction__isnull=False)
    rows = follow_up_summary(
        municipality_id=warned.municipality_id,
        provider_id=warned.authorization.provider_id,
        year=warned.year,
    )
    assert sum(row["warnings"] for row in rows) == 1
    assert sum(row["not_met"] for row in rows) == 1


def test_a_second_seed_adds_nothing(seeded):
    counts = seeded.count(), FollowUpEvent.objects.count()
    demo.demo_seed()
    assert (seeded.count(), FollowUpEvent.objects.count()) == counts
