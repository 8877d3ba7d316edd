"""The demo's complaints: every state and kind for the journeys and the
quality unit's pages to show, and a second seed adds nothing."""

import pytest

from followup import demo
from followup.models import Complaint, ComplaintEvent, ComplaintStatus
from followup.selectors import complaints_overdue
from followup.services import complaint_transitions
from tests.demo_snapshot import seed_demo_without_volumes

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    seed_demo_without_volumes()
    return Complaint.objects.filter(submission_key__startswith="demo-")


def test_complaints_in_every_state_and_kind(seeded):
    assert set(seeded.values_list("status", flat=True)) == set(ComplaintStatus.values)
    assert {c.serious for c in seeded} == {True, False}
    assert {c.anonymous for c in seeded} == {True, False}
    assert seeded.filter(provider__isnull=True, about_municipality=True).exists()
    assert seeded.filter(provider__isnull=False).exists()
    assert complaints_overdue().filter(pk__in=seeded).exists()
    assert seeded.filter(municipality__slug="trosa").exists()


def test_each_complaint_got_where_it_is_by_the_state_table(seeded):
    """Its events are edges of its table, from received to its state."""
    for complaint in seeded:
        events = list(complaint.events.all())
        status = events[-1].to_status if events else ComplaintStatus.RECEIVED
        assert status == complaint.status
        table = complaint_transitions(complaint)
        for event in events:
            assert (event.from_status, event.to_status) in table.edges


def test_a_second_seed_adds_nothing(seeded):
    counts = seeded.count(), ComplaintEvent.objects.count()
    demo.demo_seed()
    assert (seeded.count(), ComplaintEvent.objects.count()) == counts
