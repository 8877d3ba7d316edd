"""Customer fees (issue 6 item 5): the month's statements, their caps, the
re-run, which visits count, and the finance officer's pages."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from customers.models import Choice, Customer, NeedDecision
from kundval.models import AccessLog, Role
from tests.factories import member
from vouchers.calendar import STOCKHOLM
from vouchers.models import FeeBasis, FeeSchedule, FeeStatement, Visit
from vouchers.services.fees import fee_basis_save, fee_statements_run

MARCH = date(2026, 3, 1)
APRIL = date(2026, 4, 1)
_numbers = iter(range(1000, 9999))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def customer_of(world, name: str, municipality=None) -> Customer:
    """A customer row made directly: identity rules are not under test."""
    municipality = municipality or world["nacka"]
    return Customer.objects.create(
        municipality=municipality,
        identity_number=f"19400101{next(_numbers):04d}",
        name=name,
        area=municipality.areas.first() or world["boo"],
    )


def served(
    world,
    customer,
    provider,
    *,
    starts_on,
    ends_on=None,
    hours="20",
    decision_from=None,
    status="accepted",
    service=None,
) -> Choice:
    """A decided decision and a choice of `provider`, with fixed dates."""
    decision = NeedDecision.objects.create(
        customer=customer,
        service=service or world["service"],
        hours_per_month=Decimal(hours),
        starts_on=decision_from or starts_on,
        status="decided",
    )
    return Choice.objects.create(
        decision=decision,
        provider=provider,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        ordered_by=world["officer"],
    )


def visit(world, choice, starts_at, minutes, *, approved=True, cancelled=None):
    """A visit row made directly (the visit services are not under test)."""
    return Visit.objects.create(
        choice=choice,
        municipality=choice.decision.customer.municipality,
        service=choice.decision.service,
        provider=choice.provider,
        customer=choice.decision.customer,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        category="personal_care",
        approved_at=timezone.now() if approved else None,
        settle_month=starts_at.astimezone(STOCKHOLM).date().replace(day=1),
        cancelled_month=cancelled,
        source="form",
        reported_by=world["first_user"],
    )


@pytest.fixture
def fees(world):
    """Nacka charges 350 SEK an hour; Tolvan is served by Första AB."""
    FeeSchedule.objects.create(
        municipality=world["nacka"], valid_from=date(2024, 1, 1), hourly_fee=350
    )
    world["choice"] = served(
        world, world["customer"], world["first"], starts_on=date(2026, 1, 1)
    )
    return world


def hours_in_march(world, hours: int, choice=None) -> None:
    for day in range(1, hours + 1):
        visit(world, choice or world["choice"], at(MARCH.replace(day=day), 9), 60)


def statement(customer, month=MARCH) -> FeeStatement:
    return FeeStatement.objects.get(customer=customer, month=month)


def test_fee_below_the_caps_is_hours_times_the_hourly_fee(fees):
    hours_in_march(fees, 3)
    visit(fees, fees["choice"], at(MARCH.replace(day=20), 9), 20)  # a third of 350

    assert fee_statements_run(municipality=fees["nacka"], month=MARCH) == 1

    row = statement(fees["customer"])
    assert row.hours == Decimal("3.33")
    assert row.fee_by_hours == Decimal("1166.67")  # 350 x 3h20m, to the öre
    assert (row.maximum_fee, row.fee_room) == (Decimal("2660"), None)
    assert row.fee == Decimal("1166.67")


def test_capped_by_the_maximum_fee_of_2026(fees):
    hours_in_march(fees, 10)
    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    row = statement(fees["customer"])
    assert row.fee_by_hours == Decimal("3500.00")
    assert row.fee == Decimal("2660.00")


def test_capped_by_the_fee_room_valid_on_the_first_day(fees):
    customer = fees["customer"]
    FeeBasis.objects.create(
        customer=customer,
        valid_from=date(2026, 1, 1),
        monthly_income=Decimal("10000"),
        reserved_amount=Decimal("9000.50"),
    )
    # From the 2nd: not valid on the month's first day, so not used in March.
    FeeBasis.objects.create(
        customer=customer,
        valid_from=date(2026, 3, 2),
        monthly_income=Decimal("20000"),
        reserved_amount=Decimal("0"),
    )
    hours_in_march(fees, 10)
    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    row = statement(customer)
    assert row.fee_room == Decimal("999.50")
    assert row.fee == Decimal("999.50")


def test_no_fee_room_means_no_fee(fees):
    FeeBasis.objects.create(
        customer=fees["customer"],
        valid_from=date(2026, 1, 1),
        monthly_income=Decimal("8000"),
        reserved_amount=Decimal("9000"),
    )
    hours_in_march(fees, 2)
    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    row = statement(fees["customer"])
    assert (row.fee_by_hours, row.fee_room, row.fee) == (Decimal("700"), 0, 0)


def test_a_year_without_a_maximum_fee_is_an_error_naming_the_year(fees):
    visit(fees, fees["choice"], at(date(2025, 3, 3), 9), 60)
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        fee_statements_run(municipality=fees["nacka"], month=date(2025, 3, 1))
    assert raised.value.code == "no_maximum_fee"
    with translation.override("en"):
        assert "2025" in raised.value.messages[0]
    assert not FeeStatement.objects.exists()


def test_a_month_without_an_hourly_fee_is_an_error(fees):
    FeeSchedule.objects.all().delete()
    with pytest.raises(ValidationError) as raised:
        fee_statements_run(municipality=fees["nacka"], month=MARCH)
    assert raised.value.code == "no_hourly_fee"


def test_the_hourly_fee_valid_on_the_first_day_applies(fees):
    FeeSchedule.objects.create(
        municipality=fees["nacka"], valid_from=MARCH, hourly_fee=400
    )
    FeeSchedule.objects.create(
        municipality=fees["nacka"], valid_from=date(2026, 3, 2), hourly_fee=999
    )
    hours_in_march(fees, 1)
    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    assert statement(fees["customer"]).fee == Decimal("400")


def _rows():
    return list(FeeStatement.objects.order_by("pk").values())


def test_running_the_month_again_changes_nothing(fees):
    other = customer_of(fees, "Annan")
    hours_in_march(fees, 3)
    hours_in_march(fees, 9, choice=served(fees, other, fees["own"], starts_on=MARCH))
    assert fee_statements_run(municipality=fees["nacka"], month=MARCH) == 2
    before = _rows()

    assert fee_statements_run(municipality=fees["nacka"], month=MARCH) == 2
    assert _rows() == before  # not even the time computed


def test_a_rerun_follows_new_and_cancelled_visits(fees):
    hours_in_march(fees, 3)
    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    late = visit(fees, fees["choice"], at(MARCH.replace(day=30), 9), 60)
    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    assert statement(fees["customer"]).hours == Decimal("4")

    Visit.objects.exclude(pk=late.pk).delete()
    Visit.objects.filter(pk=late.pk).update(cancelled_month=APRIL)
    assert fee_statements_run(municipality=fees["nacka"], month=MARCH) == 0
    assert not FeeStatement.objects.exists()


def test_only_approved_not_cancelled_visits_of_the_municipality_count(fees, world):
    choice = fees["choice"]
    visit(fees, choice, at(MARCH.replace(day=2), 9), 60)
    visit(fees, choice, at(MARCH.replace(day=3), 9), 60, approved=False)
    visit(fees, choice, at(MARCH.replace(day=4), 9), 60, cancelled=APRIL)
    trosa = world["trosa_officer"].memberships.get().municipality
    elsewhere = customer_of(world, "I Trosa", municipality=trosa)
    visit(
        fees,
        served(fees, elsewhere, fees["own"], starts_on=MARCH),
        at(MARCH.replace(day=5), 9),
        600,
    )

    assert fee_statements_run(municipality=fees["nacka"], month=MARCH) == 1
    assert statement(fees["customer"]).hours == Decimal("1")
    assert not FeeStatement.objects.filter(customer=elsewhere).exists()


def test_a_visit_across_midnight_counts_in_the_month_it_started(fees):
    choice = fees["choice"]
    visit(fees, choice, at(date(2026, 3, 31), 23), 120)  # to 01:00 on 1 April
    # 00:30 on 1 April in Stockholm is still 31 March in UTC: it is April's.
    visit(fees, choice, at(APRIL, 0, 30), 60)

    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    fee_statements_run(municipality=fees["nacka"], month=APRIL)
    assert statement(fees["customer"]).hours == Decimal("2")
    assert statement(fees["customer"], APRIL).hours == Decimal("1")


def test_fee_basis_is_saved_by_officers_of_the_customers_municipality(world):
    customer = world["customer"]
    finance = member(Role.FINANCE_OFFICER, world["nacka"])
    basis = fee_basis_save(
        user=world["officer"],
        customer=customer,
        valid_from=MARCH,
        monthly_income=Decimal("15000"),
        reserved_amount=Decimal("9000"),
    )
    again = fee_basis_save(
        user=finance,
        customer=customer,
        valid_from=MARCH,
        monthly_income=Decimal("15000"),
        reserved_amount=Decimal("12000"),
    )
    assert again.pk == basis.pk
    assert again.fee_room == Decimal("3000")
    for outsider in (world["trosa_officer"], world["first_user"]):
        with pytest.raises(PermissionDenied):
            fee_basis_save(
                user=outsider,
                customer=customer,
                valid_from=MARCH,
                monthly_income=Decimal("1"),
                reserved_amount=Decimal("0"),
            )
    with pytest.raises(ValidationError) as raised:
        fee_basis_save(
            user=finance,
            customer=customer,
            valid_from=APRIL,
            monthly_income=Decimal("-1"),
            reserved_amount=Decimal("0"),
        )
    assert "monthly_income" in raised.value.message_dict


# Pages


@pytest.fixture
def finance(fees, client):
    client.force_login(member(Role.FINANCE_OFFICER, fees["nacka"]))
    return client


def march_query(world):
    return {"municipality": world["nacka"].pk, "month": "2026-03"}


def test_the_run_button_computes_the_month_and_the_list_logs_each_customer(
    fees, finance
):
    hours_in_march(fees, 10)
    url = reverse("fee-statements")
    response = finance.post(url, march_query(fees))
    assert response.status_code == 302
    assert statement(fees["customer"]).fee == Decimal("2660")

    response = finance.get(url, march_query(fees))
    assert response.status_code == 200
    assert [s.customer for s in response.context["page"]] == [fees["customer"]]
    assert "Tolvan" in response.content.decode()
    logged = AccessLog.objects.filter(what__startswith="fee")
    assert list(logged.values_list("customer_id", "what", "role")) == [
        (fees["customer"].pk, "fee statements 2026-03", Role.FINANCE_OFFICER)
    ]


def test_the_list_shows_fifty_a_page_and_logs_only_those(fees, finance):
    customers = [customer_of(fees, f"Kund {n:02d}") for n in range(51)]
    FeeStatement.objects.bulk_create(
        FeeStatement(
            customer=c,
            month=MARCH,
            hours=1,
            hourly_fee=350,
            fee_by_hours=350,
            maximum_fee=2660,
            fee=350,
        )
        for c in customers
    )
    response = finance.get(reverse("fee-statements"), march_query(fees))
    assert len(response.context["page"].object_list) == 50
    logged = AccessLog.objects.filter(what="fee statements 2026-03")
    assert sorted(logged.values_list("customer_id", flat=True)) == sorted(
        c.pk for c in customers[:50]
    )
    response = finance.get(reverse("fee-statements"), {**march_query(fees), "sida": 2})
    assert [s.customer for s in response.context["page"]] == [customers[-1]]


def test_a_run_error_is_shown_not_raised(fees, finance):
    response = finance.post(
        reverse("fee-statements"),
        {"municipality": fees["nacka"].pk, "month": "2025-03"},
        follow=True,
    )
    assert response.status_code == 200
    with translation.override("en"):
        assert any("2025" in str(m) for m in response.context["messages"])


def test_fee_pages_are_for_the_customers_municipality_only(fees, finance, world):
    trosa = world["trosa_officer"].memberships.get().municipality
    elsewhere = customer_of(world, "I Trosa", municipality=trosa)
    for name in ("fee-statement", "fee-statement-pdf"):
        url = reverse(name, args=[elsewhere.pk])
        assert finance.get(url, {"month": "2026-03"}).status_code == 404
    response = finance.get(
        reverse("fee-statements"), {"municipality": trosa.pk, "month": "2026-03"}
    )
    assert response.status_code == 404
    assert not AccessLog.objects.filter(what__startswith="fee").exists()


def test_fee_pages_are_for_finance_officers(fees, client):
    client.force_login(fees["officer"])
    assert client.get(reverse("fee-statements")).status_code == 403
    url = reverse("fee-statement", args=[fees["customer"].pk])
    assert client.get(url).status_code == 403


def test_the_statement_page_registers_a_fee_basis(fees, finance):
    hours_in_march(fees, 3)
    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    url = reverse("fee-statement", args=[fees["customer"].pk])
    response = finance.get(url, {"month": "2026-03"})
    assert response.status_code == 200
    assert response.context["statement"].fee == Decimal("1050")
    assert AccessLog.objects.filter(what="fee 2026-03").count() == 1

    response = finance.post(
        f"{url}?month=2026-03",
        {
            "valid_from": "2026-03-01",
            "monthly_income": "12000",
            "reserved_amount": "11500",
        },
    )
    assert response.status_code == 302
    basis = FeeBasis.objects.get(customer=fees["customer"])
    assert basis.fee_room == Decimal("500")

    response = finance.post(
        f"{url}?month=2026-03",
        {"valid_from": "2026-03-01", "monthly_income": "-5", "reserved_amount": ""},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"monthly_income", "reserved_amount"}


def test_the_statement_pdf(fees, finance):
    hours_in_march(fees, 3)
    fee_statements_run(municipality=fees["nacka"], month=MARCH)
    url = reverse("fee-statement-pdf", args=[fees["customer"].pk])
    response = finance.get(url, {"month": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLog.objects.filter(what="fee PDF 2026-03").count() == 1
    # A month without a statement has no PDF.
    assert finance.get(url, {"month": "2026-04"}).status_code == 404
