"""Granted against performed hours (issue 6 item 6): proration of the
decision's hours by the days the decision and the choice cover, performed
approved hours per provider, totals, and the pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kundval.models import AccessLog, Role
from tests.factories import ProviderFactory, member
from tests.vouchers.test_fees import APRIL, MARCH, at, customer_of, served, visit
from vouchers.selectors import covered_days, granted_vs_performed


def figures(world, month=MARCH, provider=None):
    return granted_vs_performed(
        municipality_id=world["nacka"].pk,
        month=month,
        provider_id=provider.pk if provider else None,
    )


def rows_by_customer(found):
    return {(r.customer_name, r.provider_name): r for r in found.rows}


def test_covered_days_is_the_overlap_of_every_period_with_the_month():
    assert covered_days(MARCH, (date(2026, 3, 16), None)) == 16
    assert covered_days(MARCH, (date(2026, 1, 1), date(2026, 3, 10))) == 10
    assert covered_days(MARCH, (date(2026, 1, 1), None), (MARCH, MARCH)) == 1
    assert covered_days(MARCH, (date(2026, 4, 1), None)) == 0
    assert covered_days(date(2026, 2, 1), (date(2025, 1, 1), None)) == 28


def test_a_decision_starting_mid_month_grants_its_share_of_the_month(world):
    served(world, world["customer"], world["first"], starts_on=date(2026, 3, 16))
    row = figures(world).rows[0]
    # 20 h a month x 16 of 31 days = 10.3225... h
    assert row.granted == Decimal("10.32")
    assert row.performed == 0
    assert row.share == 0


def test_a_switch_mid_month_splits_the_granted_hours_between_providers(world):
    customer = world["customer"]
    first = served(
        world,
        customer,
        world["first"],
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 10),
        hours="31",
    )
    first.decision.choices.create(
        provider=world["own"],
        starts_on=date(2026, 3, 11),
        status="accepted",
        ordered_by=world["officer"],
    )
    rows = rows_by_customer(figures(world))
    assert rows["Tolvan", "Första AB"].granted == Decimal("10")
    assert rows["Tolvan", "Nacka egen regi"].granted == Decimal("21")


def test_performed_counts_approved_not_cancelled_visits_of_the_provider(world):
    choice = served(world, world["customer"], world["first"], starts_on=MARCH)
    visit(world, choice, at(MARCH.replace(day=2), 9), 90)
    visit(world, choice, at(MARCH.replace(day=3), 9), 60, approved=False)
    visit(world, choice, at(MARCH.replace(day=4), 9), 60, cancelled=APRIL)
    visit(world, choice, at(date(2026, 3, 31), 23), 120)  # across midnight
    visit(world, choice, at(APRIL, 9), 60)  # another month
    row = figures(world).rows[0]
    assert (row.granted, row.performed) == (Decimal("20"), Decimal("3.5"))
    assert row.share == Decimal("17.5")


def test_only_accepted_choices_of_decided_decisions_grant_hours(world):
    served(world, world["customer"], world["first"], starts_on=MARCH, status="ordered")
    other = customer_of(world, "Annan")
    draft = served(world, other, world["first"], starts_on=MARCH)
    draft.decision.status = "draft"
    draft.decision.save()
    assert figures(world).rows == []


def test_performed_without_a_granting_choice_still_shows(world):
    choice = served(
        world, world["customer"], world["first"], starts_on=MARCH, status="ordered"
    )
    visit(world, choice, at(MARCH.replace(day=2), 9), 60)
    row = figures(world).rows[0]
    assert (row.granted, row.performed, row.share) == (0, Decimal("1"), None)


def test_totals_per_provider_with_the_share_delivered(world):
    tolvan, annan, tredje = (
        world["customer"],
        customer_of(world, "Annan"),
        customer_of(world, "Tredje"),
    )
    for customer, hours, done in [(tolvan, "20", 15), (annan, "10", 10)]:
        choice = served(world, customer, world["first"], starts_on=MARCH, hours=hours)
        for day in range(1, done + 1):
            visit(world, choice, at(MARCH.replace(day=day), 8), 60)
    served(world, tredje, world["own"], starts_on=MARCH, hours="40")

    found = figures(world)
    totals = {t.provider_name: t for t in found.providers}
    first, own = totals["Första AB"], totals["Nacka egen regi"]
    assert (first.customers, first.granted, first.performed) == (2, 30, 25)
    assert first.share == Decimal("83.3")
    assert (own.customers, own.granted, own.performed, own.share) == (1, 40, 0, 0)
    assert [t.provider_name for t in found.providers] == [
        "Nacka egen regi",
        "Första AB",
    ]
    # The least delivered customer first.
    assert [r.customer_name for r in found.rows] == ["Tredje", "Tolvan", "Annan"]
    only_first = figures(world, provider=world["first"])
    assert {r.customer_name for r in only_first.rows} == {"Tolvan", "Annan"}


def test_two_queries_whatever_the_number_of_customers(world, django_assert_num_queries):
    for n in range(5):
        choice = served(
            world, customer_of(world, f"K{n}"), world["first"], starts_on=MARCH
        )
        visit(world, choice, at(MARCH.replace(day=2), 9), 60)
    with django_assert_num_queries(2):
        assert len(figures(world).rows) == 5


def test_another_municipalitys_customers_are_not_counted(world):
    trosa = world["trosa_officer"].memberships.get().municipality
    served(
        world,
        customer_of(world, "I Trosa", municipality=trosa),
        world["first"],
        starts_on=MARCH,
    )
    assert figures(world).rows == []


# Pages


@pytest.fixture
def march(world):
    choice = served(world, world["customer"], world["first"], starts_on=MARCH)
    visit(world, choice, at(MARCH.replace(day=2), 9), 300)
    return {"municipality": world["nacka"].pk, "month": "2026-03"}


@pytest.mark.parametrize(
    "role", [Role.FINANCE_OFFICER, Role.CASE_OFFICER, Role.QUALITY_OFFICER]
)
def test_the_totals_page_for_each_role(world, march, client, role):
    client.force_login(member(role, world["nacka"]))
    response = client.get(reverse("granted-performed"), march)
    assert response.status_code == 200
    [total] = response.context["figures"].providers
    assert (total.provider_name, total.granted, total.performed) == ("Första AB", 20, 5)
    assert "Tolvan" not in response.content.decode()
    assert not AccessLog.objects.filter(what__startswith="granted").exists()


def test_a_month_without_a_municipality_shows_the_users_own(world, march, client):
    client.force_login(member(Role.FINANCE_OFFICER, world["nacka"]))
    response = client.get(reverse("granted-performed"), {"month": "2026-03"})
    assert response.status_code == 200
    assert [t.provider_name for t in response.context["figures"].providers] == [
        "Första AB"
    ]


def test_the_drill_down_lists_the_providers_customers_and_logs_them(
    world, march, client
):
    client.force_login(member(Role.QUALITY_OFFICER, world["nacka"]))
    url = reverse("granted-performed-provider", args=[world["first"].pk])
    response = client.get(url, march)
    assert response.status_code == 200
    [row] = response.context["page"].object_list
    assert (row.customer_name, row.granted, row.performed) == ("Tolvan", 20, 5)
    assert row.share == 25
    logged = AccessLog.objects.filter(what="granted and performed 2026-03")
    assert list(logged.values_list("customer_id", "role")) == [
        (world["customer"].pk, Role.QUALITY_OFFICER)
    ]


def test_pages_are_scoped_to_the_users_municipalities(world, march, client):
    client.force_login(member(Role.FINANCE_OFFICER, world["nacka"]))
    trosa = world["trosa_officer"].memberships.get().municipality
    other_place = {"municipality": trosa.pk, "month": "2026-03"}
    assert client.get(reverse("granted-performed"), other_place).status_code == 404
    drill = reverse("granted-performed-provider", args=[world["first"].pk])
    assert client.get(drill, other_place).status_code == 404
    # A provider not authorized in Nacka has no page there.
    stranger = ProviderFactory(name="Främling AB")
    unauthorized = reverse("granted-performed-provider", args=[stranger.pk])
    assert client.get(unauthorized, march).status_code == 404
    # Trosa's own officers see none of Nacka's figures.
    client.force_login(world["trosa_officer"])
    response = client.get(reverse("granted-performed"))
    assert response.status_code == 200
    assert response.context["figures"].providers == []


def test_granted_pages_are_not_for_provider_users(world, march, client):
    client.force_login(world["first_user"])
    assert client.get(reverse("granted-performed"), march).status_code == 403
