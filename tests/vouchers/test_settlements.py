"""The settlement services the finance pages call: every edge of the
transition table (and none else), the month-end and reason rules, the CSV
export, a re-run that changes nothing, late time after approval paid as a
correction in the next open month, and the month as a background job."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from kundval.models import Job, Role
from tests.factories import MunicipalityFactory, member
from tests.transitions import check_pair, every_pair
from tests.vouchers.conftest import at, visit_row
from vouchers.exports import CSV_HEADER
from vouchers.models import (
    LineKind,
    Settlement,
    SettlementEvent,
    SettlementStatus,
    VisitSource,
)
from vouchers.months import open_month
from vouchers.services.settlement_review import (
    SETTLEMENT_TRANSITIONS,
    settlement_transition,
    settlements_export,
)
from vouchers.services.visits import VisitInput, visits_record
from vouchers.settlement.jobs import (
    settlement_job_latest,
    settlement_month_start,
)
from vouchers.settlement.run import settlement_run

S = SettlementStatus


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def months_ago(count: int) -> date:
    month = this_month()
    for _step in range(count):
        month = (month - timedelta(days=1)).replace(day=1)
    return month


def tuesday_of(month: date) -> date:
    """The month's second Tuesday (no Swedish holiday falls on one): 8 to 10
    is in the weekday band (310 SEK an hour for a private provider), 23:00
    is in no band."""
    day = month.replace(day=8)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def worked(choice, month: date, *, hours: int = 2, night: bool = False):
    ymd = tuesday_of(month).timetuple()[:3]
    if night:
        return visit_row(choice, at(*ymd, 23), at(*ymd, 23, 30))
    return visit_row(choice, at(*ymd, 8), at(*ymd, 8 + hours))


def settled(world, month: date) -> Settlement:
    settlement_run(municipality_id=world["nacka"].pk, month=month)
    return Settlement.objects.get(provider=world["first"], month=month)


@pytest.fixture
def finance(world):
    return member(Role.FINANCE_OFFICER, world["nacka"])


@pytest.fixture
def last_month(world, accepted):
    """Last month's settlement of Första AB: 2 h at 310 and half an hour in
    no band."""
    month = months_ago(1)
    worked(accepted, month)
    worked(accepted, month, night=True)
    return settled(world, month)


def with_status(settlement: Settlement, status: str) -> Settlement:
    Settlement.objects.filter(pk=settlement.pk).update(status=status)
    settlement.refresh_from_db()
    return settlement


@pytest.mark.parametrize(("source", "target"), every_pair(SETTLEMENT_TRANSITIONS))
def test_every_pair_of_the_settlement_table(last_month, finance, source, target):
    settlement = with_status(last_month, source)
    events = settlement.events.count()
    moved = check_pair(
        SETTLEMENT_TRANSITIONS,
        source,
        target,
        move=lambda who: settlement_transition(
            user=finance, settlement=settlement, to=target, note="Fel timmar."
        ),
        state_of=lambda: Settlement.objects.get(pk=settlement.pk).status,
    )
    if not moved:
        assert settlement.events.count() == events
        return
    event = settlement.events.order_by("pk").last()
    assert (event.from_status, event.to_status, event.by) == (source, target, finance)
    assert event.note == "Fel timmar."


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.QUALITY_OFFICER])
def test_only_the_municipality_s_finance_officer_may_change_it(world, last_month, role):
    for user in (
        member(role, world["nacka"]),
        member(Role.FINANCE_OFFICER, MunicipalityFactory(name="Gnesta")),
        world["first_user"],
    ):
        with pytest.raises(PermissionDenied):
            settlement_transition(user=user, settlement=last_month, to=S.APPROVED)
    assert Settlement.objects.get(pk=last_month.pk).status == S.DRAFT


def test_approve_waits_for_the_month_to_end(world, accepted, finance):
    worked(accepted, this_month())
    settlement = settled(world, this_month())
    with translation.override("en"), pytest.raises(ValidationError) as error:
        settlement_transition(user=finance, settlement=settlement, to=S.APPROVED)
    assert error.value.messages == ["A month can be approved once it has ended."]
    assert Settlement.objects.get(pk=settlement.pk).status == S.DRAFT


def test_reopen_needs_a_reason(last_month, finance):
    settlement = with_status(last_month, S.APPROVED)
    for note in ("", "   "):
        with pytest.raises(ValidationError):
            settlement_transition(
                user=finance, settlement=settlement, to=S.DRAFT, note=note
            )
    assert Settlement.objects.get(pk=settlement.pk).status == S.APPROVED


def test_export_writes_the_approved_and_marks_them_exported(
    world, accepted, last_month, finance
):
    settlement_transition(user=finance, settlement=last_month, to=S.APPROVED)
    text = settlements_export(
        user=finance, municipality_id=world["nacka"].pk, month=last_month.month
    )
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    number = world["first"].organisation_number
    shown = f"{last_month.month:%Y-%m}"
    assert rows[0] == CSV_HEADER
    first = [number, "Första AB", shown]
    assert rows[1:] == [
        [*first, "Måndag–fredag 06–19", "2.00", "hour", "310", "620.00"],
        [*first, "Summa", "", "", "", "620.00"],
    ]
    assert Settlement.objects.get(pk=last_month.pk).status == S.EXPORTED
    event = last_month.events.order_by("pk").last()
    assert (event.from_status, event.to_status, event.by) == (
        S.APPROVED,
        S.EXPORTED,
        finance,
    )
    # Downloading again gives the same file and records nothing more.
    events = SettlementEvent.objects.count()
    again = settlements_export(
        user=finance, municipality_id=world["nacka"].pk, month=last_month.month
    )
    assert again == text
    assert SettlementEvent.objects.count() == events


def test_export_leaves_drafts_out_and_refuses_a_month_with_none_approved(
    world, last_month, finance
):
    with pytest.raises(ValidationError):
        settlements_export(
            user=finance, municipality_id=world["nacka"].pk, month=last_month.month
        )
    assert Settlement.objects.get(pk=last_month.pk).status == S.DRAFT
    with pytest.raises(PermissionDenied):
        settlements_export(
            user=world["officer"],
            municipality_id=world["nacka"].pk,
            month=last_month.month,
        )


def test_a_second_run_changes_nothing(world, last_month):
    before = Settlement.objects.get(pk=last_month.pk)
    lines = list(before.lines.values_list("pk", "amount"))
    events = SettlementEvent.objects.count()
    ids = settlement_run(municipality_id=world["nacka"].pk, month=last_month.month)
    assert ids == [last_month.pk]
    after = Settlement.objects.get(pk=last_month.pk)
    assert after.computed_at == before.computed_at
    assert after.total == before.total == Decimal("620.00")
    assert list(after.lines.values_list("pk", "amount")) == lines
    assert SettlementEvent.objects.count() == events


def test_a_run_leaves_an_approved_settlement_as_it_was(
    world, accepted, last_month, finance
):
    settlement_transition(user=finance, settlement=last_month, to=S.APPROVED)
    approved = Settlement.objects.get(pk=last_month.pk)
    lines = list(approved.lines.values_list("pk", "amount"))
    # A visit stored straight into the month (no service would do so now).
    worked(accepted, last_month.month, hours=3)
    settlement_run(municipality_id=world["nacka"].pk, month=last_month.month)
    after = Settlement.objects.get(pk=last_month.pk)
    assert (after.status, after.total, after.computed_at) == (
        S.APPROVED,
        approved.total,
        approved.computed_at,
    )
    assert list(after.lines.values_list("pk", "amount")) == lines


def test_late_time_after_approval_is_a_correction_in_the_next_open_month(
    world, accepted, finance
):
    month = months_ago(2)
    worked(accepted, month)
    settlement = settled(world, month)
    settlement_transition(user=finance, settlement=settlement, to=S.APPROVED)
    day = tuesday_of(month) + timedelta(days=1)
    (visit,) = visits_record(
        user=world["first_user"],
        items=[
            VisitInput(
                choice_id=accepted.pk,
                starts_at=at(day.year, day.month, day.day, 9),
                ends_at=at(day.year, day.month, day.day, 10),
                category="personal_care",
                staff="A1",
                approved=True,
            )
        ],
        source=VisitSource.FORM,
    )
    paid_in = open_month(
        municipality_id=world["nacka"].pk, provider_id=world["first"].pk, month=month
    )
    assert paid_in > month
    assert visit.settle_month == paid_in
    correction = settled(world, paid_in)
    assert [(x.kind, x.quantity, x.amount) for x in correction.lines.all()] == [
        (LineKind.CORRECTION, Decimal("1.00"), Decimal("310.00"))
    ]
    assert Settlement.objects.get(pk=settlement.pk).total == Decimal("620.00")


def test_the_month_runs_as_a_job_to_100_percent(
    world, accepted, finance, django_capture_on_commit_callbacks
):
    month = months_ago(1)
    worked(accepted, month)
    with django_capture_on_commit_callbacks(execute=True):
        job = settlement_month_start(
            user=finance, municipality_id=world["nacka"].pk, month=month
        )
    job.refresh_from_db()
    assert (job.status, job.progress, job.steps_done) == (Job.Status.DONE, 100, 1)
    assert settlement_job_latest(municipality_id=world["nacka"].pk, month=month) == job
    assert Settlement.objects.get(month=month).total == Decimal("620.00")
    # Once more: the same settlement, untouched.
    computed = Settlement.objects.get(month=month).computed_at
    with django_capture_on_commit_callbacks(execute=True):
        settlement_month_start(
            user=finance, municipality_id=world["nacka"].pk, month=month
        )
    assert Settlement.objects.get(month=month).computed_at == computed


def test_a_month_without_time_is_a_finished_job(world, tariff, finance):
    job = settlement_month_start(
        user=finance, municipality_id=world["nacka"].pk, month=months_ago(3)
    )
    assert (job.status, job.progress) == (Job.Status.DONE, 100)
    assert not Settlement.objects.exists()


def test_only_a_finance_officer_starts_the_job(world, tariff):
    with pytest.raises(PermissionDenied):
        settlement_month_start(
            user=world["officer"],
            municipality_id=world["nacka"].pk,
            month=months_ago(1),
        )
    assert not Job.objects.exists()


def test_export_writes_a_formula_like_provider_name_as_text(
    world, accepted, last_month, finance
):
    """A provider may name itself =HYPERLINK(...); Excel must show it as text."""
    provider = world["first"]
    provider.name = '=HYPERLINK("http://evil.example","Klicka")'
    provider.save(update_fields=["name"])
    settlement_transition(user=finance, settlement=last_month, to=S.APPROVED)
    text = settlements_export(
        user=finance, municipality_id=world["nacka"].pk, month=last_month.month
    )
    names = {row[1] for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]}
    assert names == {"'" + provider.name}
