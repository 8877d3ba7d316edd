"""Reporting performed time: the rules of a visit, all or nothing, overlap
flags, the customer's approval, locked months and corrections; and the
months themselves (vouchers.months)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from customers.models import ChoiceStatus
from tests.customers.conftest import TODAY, choose
from vouchers.calendar import STOCKHOLM
from vouchers.models import Settlement, SettlementStatus, SettlementTerms, Visit
from vouchers.months import month_locked, month_of, next_month, open_month
from vouchers.services.visit_changes import (
    visit_approve,
    visit_change,
    visit_remove,
)
from vouchers.services.visits import (
    ChoiceNotFound,
    VisitInput,
    VisitsInvalid,
    visits_record,
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=STOCKHOLM)


def item(choice, day, start=8, end=9, **extra):
    return VisitInput(
        choice_id=choice.pk,
        starts_at=at(day, start),
        ends_at=at(day, end),
        category=extra.pop("category", "personal_care"),
        **extra,
    )


def record(world, *items):
    return visits_record(user=world["first_user"], items=list(items), source="api")


def two_months_ago() -> date:
    return (TODAY().replace(day=1) - timedelta(days=40)).replace(day=10)


def settlement(world, month, status=SettlementStatus.APPROVED):
    return Settlement.objects.create(
        municipality=world["nacka"],
        provider=world["first"],
        month=month,
        status=status,
        total=Decimal("0"),
        unpaid_seconds=0,
        unapproved_seconds=0,
        computed_at=timezone.now(),
    )


def test_a_visit_takes_the_choice_s_customer_provider_and_month(world, accepted):
    yesterday = TODAY() - timedelta(days=1)
    (visit,) = record(world, item(accepted, yesterday, staff=" A17 "))
    visit.refresh_from_db()
    assert visit.choice == accepted
    assert (visit.customer, visit.provider) == (world["customer"], world["first"])
    assert (visit.municipality, visit.service) == (world["nacka"], world["service"])
    assert visit.settle_month == yesterday.replace(day=1)
    assert (visit.staff, visit.source, visit.reported_by) == (
        "A17",
        "api",
        world["first_user"],
    )
    assert visit.approved_at is None and visit.cancelled_month is None
    assert not visit.overlaps


def test_approved_at_is_recorded_when_reported_approved(world, accepted):
    before = timezone.now()
    (visit,) = record(world, item(accepted, TODAY() - timedelta(days=1), approved=True))
    assert visit.approved_at >= before


@pytest.mark.parametrize(
    "change,field",
    [
        ({"start": 9, "end": 8}, "end"),
        ({"start": 8, "end": 8}, "end"),
        ({"category": "cleaning"}, "category"),
        ({"staff": "x" * 41}, "staff"),
    ],
)
def test_bad_items_are_named_and_nothing_is_stored(world, accepted, change, field):
    yesterday = TODAY() - timedelta(days=1)
    good = item(accepted, yesterday)
    with pytest.raises(VisitsInvalid) as raised:
        record(world, good, item(accepted, yesterday, **change))
    assert list(raised.value.by_item) == [1]
    assert field in raised.value.by_item[1]
    assert isinstance(raised.value, ValidationError)
    assert "1" in raised.value.message_dict
    assert not Visit.objects.exists()


def test_longer_than_a_day_and_future_are_refused(world, accepted):
    long = VisitInput(
        accepted.pk,
        at(TODAY() - timedelta(days=3), 8),
        at(TODAY() - timedelta(days=2), 8, 1),
        "service",
    )
    tomorrow = item(accepted, TODAY() + timedelta(days=1))
    with pytest.raises(VisitsInvalid) as raised:
        record(world, long, tomorrow)
    assert set(raised.value.by_item) == {0, 1}
    assert set(raised.value.by_item[0]) == set(raised.value.by_item[1]) == {"end"}


def test_exactly_a_day_is_allowed(world, accepted):
    start = at(TODAY() - timedelta(days=3), 8)
    (visit,) = record(
        world, VisitInput(accepted.pk, start, start + timedelta(hours=24), "service")
    )
    assert visit.duration == timedelta(hours=24)


def test_a_visit_must_start_while_the_choice_lasts(world, accepted):
    before = accepted.starts_on - timedelta(days=1)
    with pytest.raises(VisitsInvalid) as raised:
        record(world, item(accepted, before))
    assert set(raised.value.by_item[0]) == {"start"}
    (first_day,) = record(world, item(accepted, accepted.starts_on, 0, 1))
    assert first_day.pk


def test_a_visit_after_the_choice_ended_is_refused_but_the_night_may_run_over(
    world, accepted
):
    last_day = TODAY() - timedelta(days=5)
    accepted.ends_on = last_day
    accepted.save()
    night = VisitInput(
        accepted.pk, at(last_day, 23), at(last_day + timedelta(days=1), 1), "service"
    )
    assert record(world, night)
    with pytest.raises(VisitsInvalid) as raised:
        record(world, item(accepted, last_day + timedelta(days=1)))
    assert set(raised.value.by_item[0]) == {"start"}


def test_only_an_accepted_choice_takes_visits(world, tariff):
    ordered = choose(world, world["first"])
    assert ordered.status == ChoiceStatus.ORDERED
    with pytest.raises(VisitsInvalid) as raised:
        record(world, item(ordered, TODAY() - timedelta(days=1)))
    assert set(raised.value.by_item[0]) == {"choice"}


def test_a_choice_of_another_provider_is_not_found(world, accepted):
    yesterday = TODAY() - timedelta(days=1)
    with pytest.raises(ChoiceNotFound) as raised:
        visits_record(
            user=world["second_user"],
            items=[item(accepted, yesterday)],
            source="api",
        )
    assert raised.value.indexes == [0]
    with pytest.raises(ChoiceNotFound):
        record(
            world,
            item(accepted, yesterday),
            item(accepted, yesterday).__class__(
                10**9, at(yesterday, 10), at(yesterday, 11), "service"
            ),
        )
    assert not Visit.objects.exists()


def test_overlapping_visits_are_flagged_on_both_sides(world, accepted):
    day = TODAY() - timedelta(days=2)
    first, _touching = record(
        world, item(accepted, day, 8, 9), item(accepted, day, 9, 10)
    )
    assert not Visit.objects.filter(overlaps=True).exists()
    (late,) = record(
        world, VisitInput(accepted.pk, at(day, 8, 30), at(day, 8, 45), "service")
    )
    flagged = set(Visit.objects.filter(overlaps=True).values_list("pk", flat=True))
    assert flagged == {first.pk, late.pk}
    visit_remove(user=world["first_user"], visit=late)
    assert not Visit.objects.filter(overlaps=True).exists()


def test_an_overlap_across_midnight_is_flagged(world, accepted):
    day = TODAY() - timedelta(days=3)
    night = VisitInput(
        accepted.pk, at(day, 22), at(day + timedelta(days=1), 6), "personal_care"
    )
    record(world, night)
    record(world, item(accepted, day + timedelta(days=1), 5, 7))
    assert Visit.objects.filter(overlaps=True).count() == 2


def test_late_time_for_a_locked_month_is_settled_in_the_open_month(world, accepted):
    day = two_months_ago()
    (visit,) = record(world, item(accepted, day))
    assert month_locked(
        municipality_id=world["nacka"].pk,
        provider_id=world["first"].pk,
        month=day.replace(day=1),
    )
    assert visit.settle_month > day.replace(day=1)
    assert visit.settle_month == open_month(
        municipality_id=world["nacka"].pk,
        provider_id=world["first"].pk,
        month=day.replace(day=1),
    )


def test_an_approved_settlement_locks_its_month(world, accepted):
    yesterday = TODAY() - timedelta(days=1)
    month = yesterday.replace(day=1)
    settlement(world, month, SettlementStatus.DRAFT)
    (draft,) = record(world, item(accepted, yesterday, 8, 9))
    assert draft.settle_month == month
    Settlement.objects.update(status=SettlementStatus.APPROVED)
    (late,) = record(world, item(accepted, yesterday, 10, 11))
    assert late.settle_month == next_month(month)


def test_a_change_in_an_open_month_is_made_in_place(world, accepted):
    day = TODAY() - timedelta(days=1)
    (visit,) = record(world, item(accepted, day, approved=True))
    kept = visit_change(
        user=world["first_user"],
        visit=visit,
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
        category=visit.category,
        staff="B2",
    )
    assert kept.pk == visit.pk and kept.approved_at is not None
    moved = visit_change(
        user=world["first_user"],
        visit=visit,
        starts_at=at(day, 7),
        ends_at=at(day, 8),
        category="service",
        staff="B2",
    )
    moved.refresh_from_db()
    assert moved.pk == visit.pk and Visit.objects.count() == 1
    assert (moved.starts_at, moved.category, moved.approved_at) == (
        at(day, 7),
        "service",
        None,
    )


def test_a_change_after_the_lock_cancels_and_replaces(world, accepted):
    day = two_months_ago()
    (visit,) = record(world, item(accepted, day, approved=True))
    paid_in = day.replace(day=1)
    Visit.objects.update(settle_month=paid_in)  # it was reported in time
    visit.refresh_from_db()
    replacement = visit_change(
        user=world["first_user"],
        visit=visit,
        starts_at=at(day, 8),
        ends_at=at(day, 10),
        category="personal_care",
        staff="",
    )
    visit.refresh_from_db()
    open_now = open_month(
        municipality_id=world["nacka"].pk, provider_id=world["first"].pk, month=paid_in
    )
    assert visit.settle_month == paid_in
    assert visit.cancelled_month == open_now
    assert replacement.replaces == visit
    assert replacement.settle_month == open_now
    assert replacement.duration == timedelta(hours=2)
    assert replacement.approved_at is None
    assert not Visit.objects.filter(overlaps=True).exists()
    with pytest.raises(ValidationError):
        visit_remove(user=world["first_user"], visit=visit)


def test_removal_deletes_in_an_open_month_and_cancels_in_a_locked_one(world, accepted):
    day = two_months_ago()
    recent, old = record(
        world, item(accepted, TODAY() - timedelta(days=1)), item(accepted, day)
    )
    assert visit_remove(user=world["first_user"], visit=recent) is None
    Visit.objects.filter(pk=old.pk).update(settle_month=day.replace(day=1))
    cancelled = visit_remove(user=world["first_user"], visit=old)
    assert cancelled.cancelled_month > day.replace(day=1)
    assert list(Visit.objects.values_list("pk", flat=True)) == [old.pk]


def test_another_provider_cannot_change_or_remove(world, accepted):
    (visit,) = record(world, item(accepted, TODAY() - timedelta(days=1)))
    with pytest.raises(PermissionDenied):
        visit_remove(user=world["second_user"], visit=visit)
    with pytest.raises(PermissionDenied):
        visit_change(
            user=world["second_user"],
            visit=visit,
            starts_at=visit.starts_at,
            ends_at=visit.ends_at,
            category="service",
            staff="",
        )


def test_approval_later_only_own_unapproved_and_locked_time_moves(world, accepted):
    yesterday, old_day = TODAY() - timedelta(days=1), two_months_ago()
    recent, old, done = record(
        world,
        item(accepted, yesterday),
        item(accepted, old_day),
        item(accepted, yesterday, 10, 11, approved=True),
    )
    Visit.objects.filter(pk=old.pk).update(settle_month=old_day.replace(day=1))
    approved_before = Visit.objects.get(pk=done.pk).approved_at
    assert visit_approve(user=world["second_user"], visits=[recent, old]) == 0
    assert visit_approve(user=world["first_user"], visits=[recent, old, done]) == 2
    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.approved_at and old.approved_at
    assert recent.settle_month == yesterday.replace(day=1)
    assert old.settle_month > old_day.replace(day=1)
    assert Visit.objects.get(pk=done.pk).approved_at == approved_before


def test_month_of_is_the_stockholm_month():
    assert month_of(datetime(2026, 1, 31, 23, 30, tzinfo=UTC)) == date(2026, 2, 1)
    assert month_of(at(date(2026, 3, 31), 23)) == date(2026, 3, 1)


def test_a_month_locks_after_the_lock_day(world):
    ids = {"municipality_id": world["nacka"].pk, "provider_id": world["first"].pk}
    march = date(2026, 3, 1)
    assert not month_locked(**ids, month=march, today=date(2026, 4, 5))
    assert month_locked(**ids, month=march, today=date(2026, 4, 6))
    SettlementTerms.objects.create(municipality=world["nacka"], lock_day=10)
    assert not month_locked(**ids, month=march, today=date(2026, 4, 10))
    assert month_locked(**ids, month=march, today=date(2026, 4, 11))
    december = date(2025, 12, 1)
    assert month_locked(**ids, month=december, today=date(2026, 1, 11))
    assert open_month(**ids, month=december, today=date(2026, 1, 11)) == date(
        2026, 1, 1
    )


def test_approved_or_exported_settlements_lock_and_open_month_skips_them(world):
    ids = {"municipality_id": world["nacka"].pk, "provider_id": world["first"].pk}
    today = date(2026, 4, 2)
    march, april = date(2026, 3, 1), date(2026, 4, 1)
    assert open_month(**ids, month=march, today=today) == march
    settlement(world, march, SettlementStatus.DRAFT)
    assert not month_locked(**ids, month=march, today=today)
    Settlement.objects.update(status=SettlementStatus.EXPORTED)
    assert month_locked(**ids, month=march, today=today)
    settlement(world, april, SettlementStatus.APPROVED)
    assert open_month(**ids, month=march, today=today) == date(2026, 5, 1)
    other = {**ids, "provider_id": world["second"].pk}
    assert open_month(**other, month=march, today=today) == march
