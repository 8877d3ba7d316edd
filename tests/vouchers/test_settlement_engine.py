"""The settlement SQL beyond the municipalities' tables: per-visit and per-month
bands (Stockholm's night visits and safety alarms, shared by the days of a
switch), corrections and
paybacks, time in no band or without a tariff, unapproved time, a visit
across the autumn daylight-saving change, and a tariff that changes
mid-month (a visit is priced with the tariff valid on its start day)."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from customers.models import Choice, ChoiceStatus
from tests.vouchers.conftest import at, visit_row
from vouchers.demo import NACKA_BANDS, tariff_load
from vouchers.models import (
    BandWindow,
    LineKind,
    Rate,
    Settlement,
    Tariff,
    TimeBand,
    Unit,
)
from vouchers.models.rates import HOLIDAY
from vouchers.settlement import segments
from vouchers.settlement.run import providers_to_settle, settlement_run
from vouchers.settlement.segments import unpaid_visits

pytestmark = pytest.mark.django_db
NOVEMBER = date(2026, 11, 1)
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6, HOLIDAY]


def settle(world) -> Settlement | None:
    settlement_run(municipality_id=world["nacka"].pk, month=NOVEMBER)
    return Settlement.objects.filter(provider=world["first"], month=NOVEMBER).first()


def lines(settlement) -> list[tuple]:
    return [
        (line.kind, line.label, line.quantity, line.amount)
        for line in settlement.lines.order_by("pk")
    ]


def band(tariff, name, unit, windows, municipal, private, position=0):
    made = TimeBand.objects.create(
        tariff=tariff, name=name, unit=unit, position=position
    )
    for days, starts_at, ends_at in windows:
        BandWindow.objects.create(
            band=made, days=days, starts_at=starts_at, ends_at=ends_at
        )
    Rate.objects.create(band=made, provider_kind="municipal", amount=municipal)
    Rate.objects.create(band=made, provider_kind="private", amount=private)
    return made


@pytest.fixture
def stockholm(world, accepted):
    """Stockholm 2024's model: day 07-22 per hour, night 22-07 per visit, and
    a safety alarm per customer and month, in place of Nacka's tariff."""
    Tariff.objects.filter(service=world["service"]).delete()
    tariff = Tariff.objects.create(
        service=world["service"], name="Stockholm", valid_from=date(2026, 1, 1)
    )
    band(tariff, "Dag 07-22", Unit.HOUR, [(EVERY_DAY, time(7), time(22))], 485, 516)
    band(tariff, "Natt 22-07", Unit.VISIT, [(EVERY_DAY, time(22), time(7))], 245, 260)
    band(tariff, "Trygghetslarm", Unit.MONTH, [], 185, 197)
    return tariff


def test_a_night_visit_pays_once_and_day_time_per_hour(world, accepted, stockholm):
    # Two visits in one night (one across midnight) each pay the night rate.
    visit_row(accepted, at(2026, 11, 10, 23), at(2026, 11, 10, 23, 30))
    visit_row(accepted, at(2026, 11, 10, 23, 45), at(2026, 11, 11, 0, 15))
    visit_row(accepted, at(2026, 11, 11, 21, 30), at(2026, 11, 11, 22, 30))
    settlement = settle(world)
    assert lines(settlement) == [
        (LineKind.BAND, "Dag 07-22", Decimal("0.50"), Decimal("258.00")),
        (LineKind.BAND, "Natt 22-07", Decimal("3"), Decimal("780.00")),
        (LineKind.BAND, "Trygghetslarm", Decimal("1"), Decimal("197.00")),
    ]
    assert settlement.total == Decimal("1235.00")


def test_a_monthly_band_pays_each_customer_without_any_visit(
    world, accepted, stockholm
):
    assert providers_to_settle(municipality_id=world["nacka"].pk, month=NOVEMBER) == [
        world["first"].pk
    ]
    settlement = settle(world)
    assert lines(settlement) == [
        (LineKind.BAND, "Trygghetslarm", Decimal("1"), Decimal("197.00"))
    ]


def test_a_switch_mid_month_shares_the_monthly_band_by_days(world, accepted, stockholm):
    """November has 30 days: Första AB had the customer for 10, the own unit
    (municipal, 185 SEK) for 20. Neither is paid the whole month."""
    accepted.ends_on = date(2026, 11, 10)
    accepted.save()
    Choice.objects.create(
        decision=accepted.decision,
        provider=world["own"],
        starts_on=date(2026, 11, 11),
        status=ChoiceStatus.ACCEPTED,
        ordered_by=accepted.ordered_by,
    )
    settlement_run(municipality_id=world["nacka"].pk, month=NOVEMBER)
    by_provider = {
        s.provider: [(line.label, line.quantity, line.amount) for line in s.lines.all()]
        for s in Settlement.objects.filter(month=NOVEMBER)
    }
    assert by_provider == {
        world["first"]: [("Trygghetslarm", Decimal("0.33"), Decimal("65.67"))],
        world["own"]: [("Trygghetslarm", Decimal("0.67"), Decimal("123.33"))],
    }


def test_a_visit_saved_while_the_month_is_settled_waits_for_the_next_run(
    world, accepted, monkeypatch
):
    """The timelines are built for the days the month's visits had when the
    run began; a visit saved after that, on a later day, is left to the next
    run, never priced with another day's timeline."""
    visit_row(accepted, at(2026, 11, 3, 8), at(2026, 11, 3, 9))
    build = segments.timeline_index

    def saved_meanwhile(**arguments):
        visit_row(accepted, at(2026, 11, 4, 8), at(2026, 11, 4, 9), category="service")
        return build(**arguments)

    monkeypatch.setattr(segments, "timeline_index", saved_meanwhile)
    first = settle(world)
    assert lines(first) == [
        (LineKind.BAND, "Måndag–fredag 06–19", Decimal("1.00"), Decimal("310.00"))
    ]
    monkeypatch.setattr(segments, "timeline_index", build)
    assert settle(world).total == Decimal("310.00") + Decimal("263.00")


def test_late_time_is_a_correction_and_a_cancelled_visit_is_paid_back(world, accepted):
    late = visit_row(accepted, at(2026, 10, 30, 8), at(2026, 10, 30, 9))
    late.settle_month = NOVEMBER
    late.save()
    paid = visit_row(accepted, at(2026, 10, 29, 8), at(2026, 10, 29, 10))
    paid.cancelled_month = NOVEMBER
    paid.save()
    visit_row(accepted, at(2026, 11, 2, 8), at(2026, 11, 2, 9))
    settlement = settle(world)
    assert lines(settlement) == [
        (LineKind.BAND, "Måndag–fredag 06–19", Decimal("1.00"), Decimal("310.00")),
        (
            LineKind.CORRECTION,
            "Måndag–fredag 06–19",
            Decimal("-1.00"),
            Decimal("-310.00"),
        ),
    ]
    assert settlement.total == Decimal("0.00")


def test_time_in_no_band_is_unpaid_and_listed(world, accepted):
    night = visit_row(accepted, at(2026, 11, 3, 23), at(2026, 11, 4, 0, 30))
    visit_row(accepted, at(2026, 11, 3, 8), at(2026, 11, 3, 9))
    settlement = settle(world)
    assert settlement.unpaid_seconds == 5400
    assert settlement.total == Decimal("310.00")
    listed = unpaid_visits(
        municipality_id=world["nacka"].pk, month=NOVEMBER, provider_id=world["first"].pk
    )
    assert [(row[0], row[3]) for row in listed] == [(night.pk, 5400)]


def test_time_without_a_tariff_is_unpaid_not_lost(world, accepted):
    Tariff.objects.filter(service=world["service"]).delete()
    visit_row(accepted, at(2026, 11, 3, 8), at(2026, 11, 3, 9))
    settlement = settle(world)
    assert (settlement.total, settlement.unpaid_seconds) == (Decimal("0.00"), 3600)


def test_time_the_customer_has_not_approved_is_not_paid(world, accepted):
    visit_row(accepted, at(2026, 11, 3, 8), at(2026, 11, 3, 9), approved=False)
    visit_row(accepted, at(2026, 11, 4, 8), at(2026, 11, 4, 8, 30))
    settlement = settle(world)
    assert settlement.unapproved_seconds == 3600
    assert settlement.total == Decimal("155.00")


def test_a_visit_across_the_autumn_change_pays_its_real_three_hours(world, accepted):
    # 25 October 2026, a Sunday: 01:30 CEST to 03:30 CET is three hours.
    visit_row(accepted, at(2026, 10, 25, 1, 30), at(2026, 10, 25, 3, 30))
    settlement_run(municipality_id=world["nacka"].pk, month=date(2026, 10, 1))
    settlement = Settlement.objects.get(provider=world["first"])
    assert lines(settlement) == [
        (
            LineKind.BAND,
            "Fredag kväll, lördag–söndag, storhelger",
            Decimal("3.00"),
            Decimal("1170.00"),
        )
    ]


def test_a_visit_is_priced_with_the_tariff_of_its_start_day(world, accepted, tariff):
    tariff.valid_to = date(2026, 11, 15)
    tariff.save()
    dearer = tariff_load(
        world["service"], "Från 16 november", NACKA_BANDS, [], date(2026, 11, 16)
    )
    Rate.objects.filter(band__tariff=dearer).update(amount=1000)
    # Sunday 15 November 23:30 to Monday 00:30: all at the old weekend rate.
    visit_row(accepted, at(2026, 11, 15, 23, 30), at(2026, 11, 16, 0, 30))
    visit_row(accepted, at(2026, 11, 16, 8), at(2026, 11, 16, 9))
    settlement = settle(world)
    assert lines(settlement) == [
        (
            LineKind.BAND,
            "Fredag kväll, lördag–söndag, storhelger",
            Decimal("0.50"),
            Decimal("195.00"),
        ),
        (LineKind.BAND, "Måndag–fredag 06–19", Decimal("1.00"), Decimal("1000.00")),
    ]


def test_running_the_month_again_changes_nothing(world, accepted):
    visit_row(accepted, at(2026, 11, 3, 8), at(2026, 11, 3, 9))
    first = settle(world)
    line_ids = list(first.lines.values_list("pk", flat=True))
    again = settle(world)
    assert (again.pk, again.computed_at) == (first.pk, first.computed_at)
    assert list(again.lines.values_list("pk", flat=True)) == line_ids
    assert again.events.count() == 1


def test_new_time_changes_the_draft(world, accepted):
    visit_row(accepted, at(2026, 11, 3, 8), at(2026, 11, 3, 9))
    first = settle(world)
    visit_row(accepted, at(2026, 11, 4, 8), at(2026, 11, 4, 9))
    again = settle(world)
    assert again.pk == first.pk and again.total == Decimal("620.00")
    assert again.computed_at > first.computed_at
    assert again.events.count() == 2


def test_a_visit_sums_over_a_day_of_pieces(world, accepted):
    # 24 hours from Friday 12:00: 7 h day, 5 h weekend (Fri 19-24), 12 h weekend.
    visit_row(accepted, at(2026, 11, 6, 12), at(2026, 11, 7, 12))
    settlement = settle(world)
    assert settlement.total == Decimal("7") * 310 + Decimal("17") * 390
    assert sum(line.quantity for line in settlement.lines.all()) == Decimal("24.00")
    assert timedelta(seconds=settlement.unpaid_seconds) == timedelta(0)


def test_a_cancelled_visit_that_was_never_approved_is_not_paid_back(world, accepted):
    never_paid = visit_row(
        accepted, at(2026, 10, 29, 8), at(2026, 10, 29, 10), approved=False
    )
    never_paid.cancelled_month = NOVEMBER
    never_paid.save()
    visit_row(accepted, at(2026, 11, 2, 8), at(2026, 11, 2, 9))
    settlement = settle(world)
    assert settlement.total == Decimal("310.00")
    assert settlement.unapproved_seconds == 0
