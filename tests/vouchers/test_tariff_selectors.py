"""The finance officer's tariff selectors scope to their municipalities:
another municipality's services, tariffs, bands and supplements are not
returned (404 when asked for by id), nor are its rules."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404

from kundval.models import Role
from tests.factories import MunicipalityFactory, ServiceFactory, member
from tests.vouchers.conftest import at
from vouchers.demo import NACKA_BANDS, TROSA_SUPPLEMENTS, tariff_load
from vouchers.models import MajorHoliday, MajorHolidayRule, SettlementTerms
from vouchers.selectors import (
    band_of,
    holiday_windows,
    major_holiday_rules_of,
    services_of,
    services_with_tariffs,
    settlement_terms_of,
    supplement_of,
    tariff_of,
    tariff_parts,
    tariff_preview,
    tariffs_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    """A tariff in Nacka, whose finance officer we are, and one in Värmdö."""
    nacka, varmdo = (MunicipalityFactory(name=n) for n in ("Nacka", "Värmdö"))
    own, other = (
        tariff_load(
            ServiceFactory(municipality=town), "2026", NACKA_BANDS, TROSA_SUPPLEMENTS
        )
        for town in (nacka, varmdo)
    )
    finance = member(Role.FINANCE_OFFICER, nacka)
    return {
        "nacka": nacka,
        "varmdo": varmdo,
        "own": own,
        "other": other,
        "finance": finance,
    }


def test_services_and_tariffs_are_the_officers_municipalities(two):
    finance, own, other = two["finance"], two["own"], two["other"]
    assert list(services_of(user=finance)) == [own.service]
    listed = services_with_tariffs(user=finance)
    assert [list(service.tariffs.all()) for service in listed] == [[own]]
    assert list(tariffs_of(user=finance)) == [own]
    assert tariff_of(user=finance, pk=own.pk) == own
    with pytest.raises(Http404):
        tariff_of(user=finance, pk=other.pk)
    officer = member(Role.CASE_OFFICER, two["nacka"])
    assert not services_of(user=officer).exists()
    assert not tariffs_of(user=officer).exists()


def test_another_municipalitys_bands_and_supplements_are_404(two):
    finance, own, other = two["finance"], two["own"], two["other"]
    band, supplement = own.bands.first(), own.supplements.first()
    assert band_of(user=finance, pk=band.pk) == band
    assert supplement_of(user=finance, pk=supplement.pk) == supplement
    with pytest.raises(Http404):
        band_of(user=finance, pk=other.bands.first().pk)
    with pytest.raises(Http404):
        supplement_of(user=finance, pk=other.supplements.first().pk)


def test_the_tariff_page_shows_its_own_bands_and_supplements(two):
    own = two["own"]
    parts = tariff_parts(tariff=own, year=2026)
    assert [row["band"] for row in parts["rows"]] == list(own.bands.all())
    assert list(parts["supplements"]) == list(own.supplements.all())
    assert parts["holiday_windows"] == []


def test_the_rules_read_are_the_municipalitys_own(two):
    nacka, varmdo = two["nacka"], two["varmdo"]
    for town in (nacka, varmdo):
        MajorHolidayRule.objects.create(municipality=town, holiday=MajorHoliday.EASTER)
    rules = major_holiday_rules_of(municipality_id=nacka.pk)
    assert [rule.municipality for rule in rules] == [nacka]
    assert len(holiday_windows(municipality_id=nacka.pk, year=2026)) == 1
    SettlementTerms.objects.create(municipality=varmdo, lock_day=10)
    assert settlement_terms_of(municipality_id=nacka.pk) is None
    terms = SettlementTerms.objects.create(municipality=nacka, lock_day=7)
    assert settlement_terms_of(municipality_id=nacka.pk) == terms


def test_the_preview_prices_a_visit_and_flags_a_day_outside_the_tariff(two):
    own = two["own"]
    visit = {"category": "personal_care", "provider_kind": "private"}
    starts_at = at(own.valid_from.year, 3, 2, 18)  # a Monday, 18-20
    priced = tariff_preview(
        tariff=own, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), **visit
    )
    assert [row["amount"] for row in priced["rows"]] == [Decimal(310), Decimal(342)]
    assert priced["total"] == Decimal("652.00") and not priced["outside"]
    before = at(own.valid_from.year - 1, 12, 1, 10)
    early = tariff_preview(
        tariff=own, starts_at=before, ends_at=before + timedelta(hours=1), **visit
    )
    assert early["outside"]
