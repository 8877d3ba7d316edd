"""Complaints: filing (idempotent, rate-limited, deadlines in working days),
the state tables over every pair, who sees what, and the reminders."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from followup.models import Complaint, ComplaintEvent, ComplaintStatus, ComplaintTerms
from followup.selectors import (
    complaint_contact,
    complaints_for_provider,
    complaints_for_quality,
    complaints_overdue,
)
from followup.services import (
    complaint_answer,
    complaint_assign,
    complaint_file,
    complaint_transition,
)
from followup.services.complaints import (
    MUNICIPALITY_COMPLAINT_TRANSITIONS,
    PROVIDER_COMPLAINT_TRANSITIONS,
    RATE_LIMIT,
    client_hash,
)
from followup.tasks import remind_overdue_complaints
from kundval.models import AccessLog, Mail, Role
from tests.factories import AreaFactory, member
from tests.followup.conftest import file, filing
from tests.transitions import check_pair, every_pair
from tests.walk_world import IDENTITY_NUMBER
from vouchers.calendar import working_days_after

pytestmark = pytest.mark.django_db
S = ComplaintStatus


def test_a_form_posted_twice_is_one_complaint(world):
    first = complaint_file(filing=filing(world), submission_key="k1", address="a")
    again = complaint_file(filing=filing(world), submission_key="k1", address="a")
    assert first.pk == again.pk
    assert Complaint.objects.count() == 1


def test_the_rate_limit_counts_recent_complaints_from_one_address(world):
    for _ in range(RATE_LIMIT):
        file(world, address="198.51.100.7")
    with pytest.raises(ValidationError):
        file(world, address="198.51.100.7")
    file(world, address="198.51.100.8")
    # Only a keyed hash of the address is kept.
    assert not Complaint.objects.filter(client_hash__contains="198.51").exists()
    hashed = client_hash("198.51.100.7")
    assert Complaint.objects.filter(client_hash=hashed).count() == RATE_LIMIT
    Complaint.objects.update(received_at=timezone.now() - timedelta(hours=2))
    file(world, address="198.51.100.7")


def test_deadlines_are_working_days_with_the_municipalitys_terms(world):
    ComplaintTerms.objects.create(
        municipality=world["municipality"],
        confirm_days=1,
        assign_days=3,
        answer_days=10,
    )
    complaint = file(world)
    today = timezone.localdate()
    assert complaint.confirm_by == working_days_after(today, 1)
    assert complaint.answer_by == working_days_after(today, 10)


def test_working_days_skip_weekends_and_holidays():
    # From Thursday 23 December 2027: Christmas Eve (Friday) and the weekend
    # of Christmas Day and Boxing Day do not count; Monday the 27th does.
    assert working_days_after(date(2027, 12, 23), 1) == date(2027, 12, 27)
    assert working_days_after(date(2026, 12, 4), 2) == date(2026, 12, 8)


def test_anonymous_keeps_no_contact_details(world):
    complaint = file(world, anonymous=True)
    assert (complaint.name, complaint.email, complaint.phone) == ("", "", "")
    with pytest.raises(Exception, match="complaint_anonymous_has_no_contact"):
        Complaint.objects.filter(pk=complaint.pk).update(email="x@example.se")


def test_a_complaint_is_about_someone(world):
    with pytest.raises(ValidationError):
        file(world, provider_id=None)
    assert file(world, provider_id=None, about_municipality=True).pk


def test_a_provider_of_another_municipality_is_refused(world):
    with pytest.raises(ValidationError):
        file(world, provider_id=world["other_provider"].pk)


def test_too_long_a_text_is_refused(world):
    with pytest.raises(ValidationError):
        file(world, text="x" * 5001)


def test_a_serious_complaint_mails_the_quality_unit_at_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(world, serious_answers=("harm",))
    assert complaint.serious
    to_unit = [m for m in mailoutbox if "kvalitet@example.se" in m.to]
    assert len(to_unit) == 1
    assert set(to_unit[0].to) == {"kvalitet@example.se", "kollega@example.se"}
    assert str(complaint.pk) in to_unit[0].subject


def test_a_plain_complaint_sends_only_the_receipt(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(world)
    assert [m.to for m in mailoutbox] == [["greta@example.se"]]
    assert complaint.confirmed_at is not None


def _user_for(world, who):
    return {
        # A pair not in the table is refused whoever asks.
        None: world["quality"],
        Role.QUALITY_OFFICER: world["quality"],
        Role.PROVIDER_USER: world["provider_user"],
    }[who]


@pytest.mark.parametrize(
    ("source", "target"), every_pair(PROVIDER_COMPLAINT_TRANSITIONS)
)
def test_every_pair_of_a_provider_complaint(world, source, target):
    complaint = file(world)
    Complaint.objects.filter(pk=complaint.pk).update(
        status=source, handler=world["quality"]
    )
    check_pair(
        PROVIDER_COMPLAINT_TRANSITIONS,
        source,
        target,
        move=lambda who: complaint_transition(
            user=_user_for(world, who), complaint=complaint, to=target, note="Varför"
        ),
        state_of=lambda: Complaint.objects.get(pk=complaint.pk).status,
    )


@pytest.mark.parametrize(
    ("source", "target"), every_pair(MUNICIPALITY_COMPLAINT_TRANSITIONS)
)
def test_every_pair_of_a_complaint_about_the_municipality(world, source, target):
    complaint = file(world, provider_id=None, about_municipality=True)
    Complaint.objects.filter(pk=complaint.pk).update(
        status=source, handler=world["quality"]
    )
    who = check_pair(
        MUNICIPALITY_COMPLAINT_TRANSITIONS,
        source,
        target,
        move=lambda who: complaint_transition(
            user=_user_for(world, who), complaint=complaint, to=target, note="Varför"
        ),
        state_of=lambda: Complaint.objects.get(pk=complaint.pk).status,
    )
    if who:
        event = ComplaintEvent.objects.get(complaint=complaint)
        assert (event.from_status, event.to_status) == (source, target)


def test_only_the_provider_concerned_answers(world):
    complaint = file(world)
    Complaint.objects.filter(pk=complaint.pk).update(status=S.INVESTIGATING)
    for outsider in (world["other_provider_user"], world["quality"]):
        with pytest.raises(PermissionDenied):
            complaint_answer(user=outsider, complaint=complaint, answer="Svar")
    complaint_answer(
        user=world["provider_user"], complaint=complaint, answer="Ny rutin"
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.answer) == (S.ANSWERED, "Ny rutin")


def test_reopening_needs_a_reason(world):
    complaint = file(world)
    Complaint.objects.filter(pk=complaint.pk).update(status=S.ANSWERED)
    with pytest.raises(ValidationError):
        complaint_transition(user=world["quality"], complaint=complaint, to=S.REOPENED)


def test_assigning_names_a_quality_officer_of_the_municipality(world):
    complaint = file(world, email="")
    with pytest.raises(ValidationError):
        complaint_transition(user=world["quality"], complaint=complaint, to=S.ASSIGNED)
    with pytest.raises(PermissionDenied):
        complaint_assign(
            user=world["quality"], complaint=complaint, handler=world["other_quality"]
        )
    complaint = complaint_assign(
        user=world["quality"], complaint=complaint, handler=world["colleague"]
    )
    assert complaint.status == S.ASSIGNED
    assert complaint.handler == world["colleague"]
    assert complaint.confirmed_at is not None


def test_a_provider_sees_only_its_own_and_lists_hold_no_contact_details(world):
    own = file(world)
    file(world, provider_id=None, about_municipality=True)
    listed = list(complaints_for_provider(user=world["provider_user"]))
    assert [row["pk"] for row in listed] == [own.pk]
    assert not list(complaints_for_provider(user=world["other_provider_user"]))
    assert len(complaints_for_quality(user=world["quality"])) == 2
    assert not complaints_for_quality(user=world["other_quality"])
    for row in listed + list(complaints_for_quality(user=world["quality"])):
        assert not {"name", "email", "phone"} & set(row)
        assert "greta" not in str(row).lower()


def test_contact_details_only_for_those_handling_it(world):
    complaint = file(world)
    assert complaint_contact(user=world["quality"], complaint=complaint) is None
    assert complaint_contact(user=world["provider_user"], complaint=complaint) is None
    complaint = complaint_assign(
        user=world["quality"], complaint=complaint, handler=world["quality"]
    )
    contact = complaint_contact(user=world["quality"], complaint=complaint)
    assert contact.email == "greta@example.se"
    assert complaint_contact(user=world["colleague"], complaint=complaint) is None
    complaint = complaint_transition(
        user=world["quality"], complaint=complaint, to=S.INVESTIGATING
    )
    assert complaint_contact(user=world["provider_user"], complaint=complaint)
    assert not complaint_contact(user=world["other_provider_user"], complaint=complaint)


def test_reading_the_contact_of_a_customers_complaint_is_logged(world):
    from customers.services import customer_register

    customer = customer_register(
        user=world["case_officer"],
        municipality=world["municipality"],
        identity_number=IDENTITY_NUMBER,
        name="Kund",
        area=AreaFactory(municipality=world["municipality"]),
    )
    complaint = file(world)
    Complaint.objects.filter(pk=complaint.pk).update(
        customer=customer, handler=world["quality"]
    )
    complaint.refresh_from_db()
    complaint_contact(user=world["quality"], complaint=complaint)
    [row] = AccessLog.objects.filter(what="complaint")
    assert (row.customer_id, row.user, row.what) == (
        customer.pk,
        world["quality"],
        "complaint",
    )


def test_overdue_and_the_daily_reminder(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    late = file(world)
    answered = file(world)
    Complaint.objects.filter(pk__in=[late.pk, answered.pk]).update(
        answer_by=timezone.localdate() - timedelta(days=1),
        assign_by=timezone.localdate() - timedelta(days=2),
        confirm_by=timezone.localdate() - timedelta(days=3),
    )
    Complaint.objects.filter(pk=answered.pk).update(status=S.ANSWERED)
    assert list(complaints_overdue()) == [late]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        remind_overdue_complaints()
        remind_overdue_complaints()
    assert len(mailoutbox) == 1
    assert set(mailoutbox[0].to) == {"kvalitet@example.se", "kollega@example.se"}
    assert Mail.objects.filter(key__startswith="complaint-overdue").count() == 1


def test_registering_by_phone_is_staff_work(world):
    from followup.services import complaint_register

    with pytest.raises(PermissionDenied):
        complaint_register(
            user=world["provider_user"], filing=filing(world), channel="phone"
        )
    stranger = member(Role.FINANCE_OFFICER, world["municipality"])
    with pytest.raises(PermissionDenied):
        complaint_register(user=stranger, filing=filing(world), channel="phone")
    complaint = complaint_register(
        user=world["quality"], filing=filing(world), channel="letter"
    )
    assert (complaint.channel, complaint.submission_key) == ("letter", "")


def test_the_database_keeps_one_complaint_per_submission_key(world):
    from django.db import IntegrityError

    complaint = file(world)
    complaint.pk = None
    with pytest.raises(IntegrityError):
        complaint.save()
