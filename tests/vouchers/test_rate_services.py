"""The finance officer's rate services: copying next year's rates, periods
that must not overlap, started tariffs that don't change, bands saved with
their windows and rates in one go, and who may do it."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kundval.models import Role
from tests.customers.conftest import TODAY
from tests.factories import MunicipalityFactory, ServiceFactory, member
from vouchers.models import (
    MajorHoliday,
    MajorHolidayRule,
    Rate,
    SettlementTerms,
    Supplement,
    SupplementKind,
    Tariff,
    Unit,
)
from vouchers.services.rates import (
    band_remove,
    band_save,
    lock_day_save,
    major_holiday_rules_save,
    supplement_save,
)
from vouchers.services.tariffs import (
    tariff_change,
    tariff_copy,
    tariff_create,
    tariff_delete,
    tariff_end,
)

NEXT_YEAR = TODAY().replace(year=TODAY().year + 1, month=1, day=1)


@pytest.fixture
def finance(world):
    return member(Role.FINANCE_OFFICER, world["nacka"])


def rates_table(tariff):
    return sorted(
        Rate.objects.filter(band__tariff=tariff).values_list(
            "band__name", "provider_kind", "amount"
        )
    )


def next_year(finance, tariff):
    return tariff_copy(
        user=finance, tariff=tariff, name="Hemtjänst nästa år", valid_from=NEXT_YEAR
    )


def test_copy_keeps_the_rates_and_ends_the_old_tariff(finance, tariff):
    Supplement.objects.create(
        tariff=tariff,
        name="Momskompensation",
        provider_kind="private",
        kind=SupplementKind.PERCENT,
        value=Decimal("1.3"),
    )
    copy = next_year(finance, tariff)
    tariff.refresh_from_db()
    assert tariff.valid_to == NEXT_YEAR - timedelta(days=1)
    assert (copy.valid_from, copy.valid_to) == (NEXT_YEAR, None)
    assert rates_table(copy) == rates_table(tariff)
    assert len(rates_table(copy)) == 8
    windows = sorted(
        (w.band.name, w.days, w.starts_at, w.ends_at)
        for w in copy.bands.get(name__startswith="Fredag").windows.all()
    )
    assert [w[1] for w in windows] == [[4], [5, 6, 7]]
    assert copy.bands.get(name__startswith="Service").category == "service"
    assert copy.supplements.get().value == Decimal("1.3")


def test_moving_a_copy_moves_the_end_of_the_tariff_before(finance, tariff):
    copy = next_year(finance, tariff)
    for start in (NEXT_YEAR + timedelta(days=31), NEXT_YEAR - timedelta(days=10)):
        tariff_change(user=finance, tariff=copy, name=" Hemtjänst ", valid_from=start)
        tariff.refresh_from_db()
        copy.refresh_from_db()
        assert (copy.name, copy.valid_from) == ("Hemtjänst", start)
        assert tariff.valid_to == start - timedelta(days=1)


def test_a_copy_cannot_move_to_today_or_before_the_tariff_it_follows(finance, tariff):
    copy = next_year(finance, tariff)
    for start in (TODAY(), tariff.valid_from):
        with pytest.raises(ValidationError) as error:
            tariff_change(user=finance, tariff=copy, name="X", valid_from=start)
        assert "valid_from" in error.value.message_dict
    copy.refresh_from_db()
    tariff.refresh_from_db()
    assert (copy.valid_from, tariff.valid_to) == (
        NEXT_YEAR,
        NEXT_YEAR - timedelta(days=1),
    )


def test_deleting_a_mistaken_copy_reopens_the_tariff_before(finance, tariff):
    copy = next_year(finance, tariff)
    assert tariff_delete(user=finance, tariff=copy) == tariff
    tariff.refresh_from_db()
    assert tariff.valid_to is None
    assert not Tariff.objects.filter(pk=copy.pk).exists()
    assert not Rate.objects.filter(band__tariff_id=copy.pk).exists()


def test_a_deleted_tariff_s_period_goes_to_the_tariff_before(finance, tariff):
    """Three periods; the middle one, not started, is deleted: the first
    takes over its days, so the third still follows without a gap."""
    middle = next_year(finance, tariff)
    end_of_middle = NEXT_YEAR + timedelta(days=30)
    tariff_end(user=finance, tariff=middle, valid_to=end_of_middle)
    last = tariff_create(
        user=finance,
        service=tariff.service,
        name="Sist",
        valid_from=end_of_middle + timedelta(days=1),
    )
    tariff_delete(user=finance, tariff=middle)
    tariff.refresh_from_db()
    assert tariff.valid_to == end_of_middle
    assert last.valid_from == tariff.valid_to + timedelta(days=1)


def test_a_started_tariff_is_neither_changed_nor_deleted(finance, tariff):
    for action in (
        lambda: tariff_delete(user=finance, tariff=tariff),
        lambda: tariff_change(
            user=finance, tariff=tariff, name="Ny", valid_from=NEXT_YEAR
        ),
    ):
        with pytest.raises(ValidationError):
            action()
    tariff.refresh_from_db()
    assert (tariff.name, tariff.valid_to) == ("Hemtjänst 2026", None)


def test_only_the_municipality_s_finance_officer_deletes(world, finance, tariff):
    copy = next_year(finance, tariff)
    other = member(Role.FINANCE_OFFICER, MunicipalityFactory())
    with pytest.raises(PermissionDenied):
        tariff_delete(user=other, tariff=copy)
    assert Tariff.objects.filter(pk=copy.pk).exists()


def test_a_copy_starting_inside_the_old_period_is_refused(finance, tariff):
    with pytest.raises(ValidationError) as error:
        tariff_copy(
            user=finance, tariff=tariff, name="För tidig", valid_from=tariff.valid_from
        )
    assert "valid_from" in error.value.message_dict
    assert Tariff.objects.count() == 1


def test_an_overlapping_period_is_refused_with_a_clear_error(finance, tariff):
    tariff_end(user=finance, tariff=tariff, valid_to=TODAY() + timedelta(days=60))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        tariff_create(
            user=finance,
            service=tariff.service,
            name="Överlappar",
            valid_from=TODAY() + timedelta(days=30),
        )
    assert "already has a tariff for part of that period" in str(error.value)
    assert Tariff.objects.count() == 1
    tariff.refresh_from_db()
    assert tariff.valid_to == TODAY() + timedelta(days=60)


def test_a_new_tariff_starts_after_today(finance, world):
    with pytest.raises(ValidationError) as error:
        tariff_create(
            user=finance, service=world["service"], name="Nu", valid_from=TODAY()
        )
    assert "valid_from" in error.value.message_dict


def test_a_started_tariff_is_not_edited(finance, tariff):
    band = tariff.bands.get(name__startswith="Måndag–fredag")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        band_save(
            user=finance,
            tariff=tariff,
            band=band,
            name=band.name,
            position=band.position,
            unit=Unit.HOUR,
            category="",
            major_holidays=False,
            windows=[([0, 1, 2, 3, 4], time(6), time(19))],
            rates={"municipal": Decimal("999"), "private": Decimal("999")},
        )
    assert "can no longer change" in str(error.value)
    assert Rate.objects.get(band=band, provider_kind="municipal").amount == 293
    with pytest.raises(ValidationError):
        band_remove(user=finance, band=band)
    with pytest.raises(ValidationError):
        supplement_save(
            user=finance,
            tariff=tariff,
            name="Tillägg",
            provider_kind="private",
            kind=SupplementKind.PER_HOUR,
            value=Decimal("28"),
        )
    assert tariff.bands.count() == 4


def test_a_started_tariff_can_be_ended_but_not_in_the_past(finance, tariff):
    with pytest.raises(ValidationError):
        tariff_end(user=finance, tariff=tariff, valid_to=TODAY() - timedelta(days=1))
    ended = tariff_end(user=finance, tariff=tariff, valid_to=TODAY())
    assert ended.valid_to == TODAY()


def test_a_band_is_saved_with_its_windows_and_rates(finance, tariff):
    copy = next_year(finance, tariff)
    band = band_save(
        user=finance,
        tariff=copy,
        name="Natt 22–06",
        position=5,
        unit=Unit.VISIT,
        category="",
        major_holidays=False,
        windows=[([0, 1, 2, 3, 4, 5, 6, 7], time(22), time(6))],
        rates={"municipal": Decimal("245"), "private": None},
    )
    assert [(w.days, w.starts_at, w.ends_at) for w in band.windows.all()] == [
        ([0, 1, 2, 3, 4, 5, 6, 7], time(22), time(6))
    ]
    assert list(band.rates.values_list("provider_kind", "amount")) == [
        ("municipal", Decimal("245.00"))
    ]
    changed = band_save(
        user=finance,
        tariff=copy,
        band=band,
        name="Natt 22–07",
        position=5,
        unit=Unit.VISIT,
        category="",
        major_holidays=False,
        windows=[([5, 6], time(22), time(7)), ([7], time(0), time(0))],
        rates={"municipal": Decimal("245"), "private": Decimal("260")},
    )
    assert changed.pk == band.pk and changed.name == "Natt 22–07"
    assert band.windows.count() == 2
    assert dict(band.rates.values_list("provider_kind", "amount")) == {
        "municipal": Decimal("245.00"),
        "private": Decimal("260.00"),
    }
    band_remove(user=finance, band=changed)
    assert not copy.bands.filter(pk=band.pk).exists()


def test_a_band_needs_windows_and_a_unique_name(finance, tariff):
    copy = next_year(finance, tariff)
    arguments = {
        "user": finance,
        "tariff": copy,
        "position": 1,
        "unit": Unit.HOUR,
        "category": "",
        "major_holidays": False,
        "rates": {"municipal": Decimal("1")},
    }
    with pytest.raises(ValidationError) as error:
        band_save(name="Tom", windows=[], **arguments)
    assert "windows" in error.value.message_dict
    with pytest.raises(ValidationError):
        band_save(
            name="Måndag–fredag 06–19",
            windows=[([0], time(6), time(7))],
            **arguments,
        )
    assert copy.bands.count() == 4


def test_another_municipality_and_another_role_may_not(world, tariff):
    other = MunicipalityFactory(name="Värmdö", slug="varmdo")
    ServiceFactory(municipality=other)
    for user in (member(Role.FINANCE_OFFICER, other), world["officer"]):
        with pytest.raises(PermissionDenied):
            next_year(user, tariff)
        with pytest.raises(PermissionDenied):
            lock_day_save(user=user, municipality=world["nacka"], lock_day=10)
    assert Tariff.objects.count() == 1


def test_major_holiday_rules_and_the_lock_day(finance, world, tariff):
    major_holiday_rules_save(
        user=finance,
        municipality=world["nacka"],
        rules={
            MajorHoliday.EASTER: (time(19), time(7)),
            MajorHoliday.WHITSUN: (time(18), time(7)),
        },
    )
    rules = MajorHolidayRule.objects.filter(municipality=world["nacka"])
    assert sorted(rules.values_list("holiday", "starts_at")) == [
        ("easter", time(19)),
        ("whitsun", time(18)),
    ]
    terms = lock_day_save(user=finance, municipality=world["nacka"], lock_day=12)
    assert SettlementTerms.objects.get(pk=terms.pk).lock_day == 12
    with pytest.raises(ValidationError):
        lock_day_save(user=finance, municipality=world["nacka"], lock_day=29)
