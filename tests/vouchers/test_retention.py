"""The retention run (gallring, docs/retention.md) over a small world of
due and not-due customers: it erases exactly what the rule says, in the
customers it says, and every other row of every table stays as it was."""

import copy
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.http import Http404
from stdnum import luhn

from customers.models import (
    CarePlan,
    Choice,
    ChoiceEvent,
    ChoiceStatus,
    Customer,
    DecisionEvent,
    DecisionStatus,
    Intervention,
    NeedDecision,
    Notice,
)
from customers.selectors import customer_for_page
from customers.services import customer_register
from customers.services.retention import ERASED
from kundval.models import Role
from kundval.services import access_log_record
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ServiceFactory,
    member,
)
from vouchers.calendar import STOCKHOLM
from vouchers.models import (
    FeeBasis,
    FeeStatement,
    Settlement,
    SettlementLine,
    Visit,
    VisitSource,
)
from vouchers.services.retention import _retire, retention_run
from vouchers.tasks import retention_run_daily

ON = date(2027, 1, 1)  # files whose last end came before 2022-01-01 are due
REGISTERED = datetime(2015, 3, 1, 9, tzinfo=STOCKHOLM)


def pnr(born: str, serial: str = "000") -> str:
    """Twelve stored digits with a right check digit; `born` is YYYYMMDD
    (the day plus 60 for a coordination number)."""
    nine = born[2:] + serial
    return born + serial + luhn.calc_check_digit(nine)


def _place(slug: str):
    municipality = MunicipalityFactory(slug=slug, name=slug.title())
    return {
        "municipality": municipality,
        "service": ServiceFactory(municipality=municipality),
        "area": AreaFactory(municipality=municipality),
        "provider": ProviderFactory(),
        "officer": member(Role.CASE_OFFICER, municipality),
    }


def _customer(place, number: str) -> Customer:
    customer = Customer.objects.create(
        municipality=place["municipality"],
        identity_number=number,
        name=f"Person {number}",
        street_address="Gatan 1",
        postal_code="13100",
        city="Nacka",
        contact_person="Dotter, 070-000 00 00",
        protected_identity=True,
        area=place["area"],
    )
    Customer.objects.filter(pk=customer.pk).update(created_at=REGISTERED)
    return customer


def _decision(place, customer, starts_on, ends_on, choice: dict):
    decision = NeedDecision.objects.create(
        customer=customer,
        service=place["service"],
        hours_per_month=Decimal("12.5"),
        starts_on=starts_on,
        ends_on=ends_on,
        reasons="Minnessvikt efter stroke.",
        status=DecisionStatus.DECIDED if ends_on is None else DecisionStatus.ENDED,
    )
    DecisionEvent.objects.create(
        decision=decision,
        by=place["officer"],
        from_status="draft",
        to_status="decided",
        note="Hembesök: bor ensam.",
    )
    Choice.objects.create(
        decision=decision,
        provider=place["provider"],
        starts_on=starts_on,
        ends_on=choice.get("ends_on", ends_on),
        status=choice.get("status", ChoiceStatus.ACCEPTED),
        switch_reason="language",
        switch_note="Vill ha personal som talar finska.",
        ordered_by=place["officer"],
    )
    return decision


def _file(place, customer, decision) -> None:
    """The rest of a full file: interventions, events, a declined order, a
    care plan, a notice, fees, visits, and the settlement they paid."""
    intervention = Intervention.objects.create(
        service=place["service"],
        slug=f"dusch-{customer.pk}",
        name="Dusch",
        category="personal_care",
    )
    decision.interventions.add(intervention)
    choice = decision.choices.get()
    ChoiceEvent.objects.create(
        choice=choice, by=place["officer"], what="accepted", note="Nyckel hos granne."
    )
    declined = Choice.objects.create(
        decision=decision,
        provider=ProviderFactory(),
        starts_on=decision.starts_on,
        ends_on=decision.starts_on,
        status=ChoiceStatus.DECLINED,
        decline_reason="Kunden har hund och personalen är allergisk.",
        ordered_by=place["officer"],
    )
    CarePlan.objects.create(
        choice=choice,
        how="Dusch tisdagar, hjälp med insulin.",
        agreed_on=decision.starts_on,
        follow_up_on=decision.starts_on + timedelta(days=90),
        written_by=place["officer"],
    )
    Notice.objects.create(
        provider=declined.provider, choice=declined, kind="new_order", text="Ny"
    )
    FeeBasis.objects.create(
        customer=customer,
        valid_from=decision.starts_on,
        monthly_income=Decimal("14200"),
        reserved_amount=Decimal("6100"),
    )
    month = decision.starts_on.replace(day=1)
    FeeStatement.objects.create(
        customer=customer,
        month=month,
        hours=Decimal("10"),
        hourly_fee=Decimal("300"),
        fee_by_hours=Decimal("3000"),
        maximum_fee=Decimal("2359"),
        fee_room=Decimal("8100"),
        fee=Decimal("2359"),
    )
    start = datetime.combine(decision.starts_on, datetime.min.time(), STOCKHOLM)
    for hour in (8, 13):
        Visit.objects.create(
            choice=choice,
            municipality=place["municipality"],
            service=place["service"],
            provider=place["provider"],
            customer=customer,
            starts_at=start + timedelta(hours=hour),
            ends_at=start + timedelta(hours=hour, minutes=45),
            category="personal_care",
            approved_at=start + timedelta(hours=20),
            settle_month=month,
            source=VisitSource.API,
            reported_by=place["officer"],
        )
    # One settlement may pay the visits of due and kept customers alike.
    settlement, _ = Settlement.objects.get_or_create(
        municipality=place["municipality"],
        provider=place["provider"],
        month=month,
        defaults={
            "status": "exported",
            "total": Decimal("703.13"),
            "unpaid_seconds": 0,
            "unapproved_seconds": 0,
            "computed_at": start + timedelta(days=40),
        },
    )
    SettlementLine.objects.create(
        settlement=settlement,
        kind="band",
        service=place["service"],
        label="Dag",
        unit="hour",
        quantity=Decimal("1.50"),
        rate=Decimal("468.750"),
        amount=Decimal("703.13"),
    )
    access_log_record(
        user=place["officer"],
        municipality_id=customer.municipality_id,
        customer_id=customer.pk,
        what="customer page",
    )


@pytest.fixture
def world(db):
    """Nacka (keeps the research files) with every case, and Trosa (does
    not), whose customer would be due there but is not in Nacka's run."""
    nacka, trosa = _place("nacka"), _place("trosa")
    people = {}

    def person(key, place, number, decisions):
        customer = people[key] = _customer(place, number)
        for starts_on, ends_on, choice in decisions:
            _decision(place, customer, starts_on, ends_on, choice)
        return customer

    full = person(
        "due", nacka, pnr("19400312"), [(date(2016, 1, 4), date(2021, 12, 31), {})]
    )
    _file(nacka, full, full.decisions.get())
    person(
        "due_coordination",
        nacka,
        pnr("19400372"),
        [(date(2016, 1, 4), date(2019, 6, 30), {})],
    )
    person(
        "withdrawn_open",
        nacka,
        pnr("19400313"),
        [
            (
                date(2016, 1, 4),
                date(2019, 6, 30),
                {"ends_on": None, "status": ChoiceStatus.WITHDRAWN},
            )
        ],
    )
    person("no_decision", nacka, pnr("19400314"), [])
    research = person(
        "research", nacka, pnr("19400315"), [(date(2016, 1, 4), date(2019, 6, 30), {})]
    )
    _file(nacka, research, research.decisions.get())
    person(
        "ended_at_cutoff",
        nacka,
        pnr("19400316"),
        [(date(2016, 1, 4), date(2022, 1, 1), {})],
    )
    ongoing = person(
        "ongoing",
        nacka,
        pnr("19400317"),
        [(date(2016, 1, 4), date(2018, 1, 31), {}), (date(2018, 2, 1), None, {})],
    )
    _file(nacka, ongoing, ongoing.decisions.filter(ends_on__isnull=True).get())
    person(
        "later_choice",
        nacka,
        pnr("19400318"),
        [(date(2016, 1, 4), date(2019, 6, 30), {"ends_on": date(2022, 3, 31)})],
    )
    person("registered_late", nacka, pnr("19400319"), [])
    Customer.objects.filter(pk=people["registered_late"].pk).update(
        created_at=datetime(2022, 1, 1, 0, 30, tzinfo=STOCKHOLM)
    )
    trosa["municipality"].keeps_research_files = False
    trosa["municipality"].save()
    other = person(
        "trosa_research",
        trosa,
        pnr("19400315"),
        [(date(2016, 1, 4), date(2017, 6, 30), {})],
    )
    _file(trosa, other, other.decisions.get())
    return {"nacka": nacka, "trosa": trosa, "people": people}


DUE = {"due", "due_coordination", "withdrawn_open", "no_decision"}


def _ids(world, keys):
    return sorted(world["people"][key].pk for key in keys)


def snapshot() -> dict[str, dict]:
    """Every row of every table, by model label and primary key."""
    return {
        model._meta.label: {
            row[model._meta.pk.attname]: row for row in model._base_manager.values()
        }
        for model in apps.get_models(include_auto_created=True)
    }


def expected_after(before, customer_ids, on) -> dict[str, dict]:
    """`before` with exactly the erasure of docs/retention.md applied."""
    after = copy.deepcopy(before)

    def rows(label, column, ids):
        return {pk: row for pk, row in after[label].items() if row[column] in ids}

    def drop(label, column, ids):
        after[label] = {
            pk: row for pk, row in after[label].items() if row[column] not in ids
        }

    for row in rows("customers.Customer", "id", customer_ids).values():
        row.update(identity_number=None, name="", street_address="", postal_code="")
        row.update(city="", contact_person="", protected_identity=False, erased_on=on)
    decisions = rows("customers.NeedDecision", "customer_id", customer_ids)
    for row in decisions.values():
        row["reasons"] = ""
    for row in rows("customers.DecisionEvent", "decision_id", decisions).values():
        row["note"] = ""
    choices = rows("customers.Choice", "decision_id", decisions)
    for row in choices.values():
        row.update(switch_reason="", switch_note="")
        row["decline_reason"] = ERASED if row["decline_reason"] else ""
    for row in rows("customers.ChoiceEvent", "choice_id", choices).values():
        row["note"] = ""
    drop("customers.NeedDecision_interventions", "needdecision_id", decisions)
    drop("customers.CarePlan", "choice_id", choices)
    drop("customers.Notice", "choice_id", choices)
    drop("vouchers.FeeBasis", "customer_id", customer_ids)
    return after


def assert_same(actual, expected):
    assert actual.keys() == expected.keys()
    for label in expected:
        assert actual[label] == expected[label], label


def test_a_run_erases_the_due_files_and_touches_nothing_else(world):
    nacka = world["nacka"]["municipality"]
    before = snapshot()
    due = _ids(world, DUE)

    [result] = retention_run(on=ON, municipalities=[nacka])

    assert result.customer_ids == due
    assert result.archived == 1  # born on the 15th
    assert_same(snapshot(), expected_after(before, set(due), ON))


def test_what_the_accounting_needs_stays(world):
    """Visits, fee statements and settlement lines keep their amounts and
    point at the pseudonymised customer (bokföringslagen 7 kap. 2 §)."""
    customer = world["people"]["due"]
    lines = list(SettlementLine.objects.values_list("amount", flat=True))

    retention_run(on=ON, municipalities=[world["nacka"]["municipality"]])

    customer.refresh_from_db()
    assert (customer.identity_number, customer.name, customer.erased_on) == (
        None,
        "",
        ON,
    )
    # Pages that list old visits still render the pseudonymised customer.
    assert (str(customer), customer.identity_masked) == (f"#{customer.pk}", "")
    assert not customer.has_coordination_number
    assert customer.visits.count() == 2
    assert customer.fee_statements.get().fee == Decimal("2359")
    assert list(SettlementLine.objects.values_list("amount", flat=True)) == lines
    assert not customer.fee_bases.exists()


def test_a_dry_run_and_a_second_run_change_nothing(world):
    nacka = world["nacka"]["municipality"]
    before = snapshot()

    [dry] = retention_run(on=ON, municipalities=[nacka], dry_run=True)
    assert dry.customer_ids == _ids(world, DUE)
    assert_same(snapshot(), before)

    retention_run(on=ON, municipalities=[nacka])
    after_first = snapshot()
    [second] = retention_run(on=ON, municipalities=[nacka])
    assert second.customer_ids == []
    assert_same(snapshot(), after_first)


def test_a_customer_listed_but_no_longer_due_keeps_the_file(world):
    """The run lists the due, then erases one by one; a decision registered
    in between is seen under the customer's lock."""
    nacka, customer = world["nacka"], world["people"]["due"]
    _decision(nacka, customer, date(2026, 12, 1), None, {})

    assert not _retire(nacka["municipality"], customer.pk, on=ON)
    customer.refresh_from_db()
    assert customer.erased_on is None and customer.fee_bases.exists()


def test_the_day_before_the_year_turns_nothing_ended_in_2021_is_due(world):
    [result] = retention_run(
        on=date(2026, 12, 31),
        municipalities=[world["nacka"]["municipality"]],
        dry_run=True,
    )
    assert result.customer_ids == _ids(world, DUE - {"due"})


def test_the_research_exception_is_the_municipalitys(world):
    trosa = world["trosa"]["municipality"]
    [result] = retention_run(on=ON, municipalities=[trosa], dry_run=True)
    assert result.customer_ids == _ids(world, {"trosa_research"})
    assert result.archived == 0

    nacka = world["nacka"]["municipality"]
    nacka.keeps_research_files = False
    nacka.save()
    [result] = retention_run(on=ON, municipalities=[nacka], dry_run=True)
    assert result.customer_ids == _ids(world, DUE | {"research"})


def test_the_database_refuses_half_erased_customers(world):
    customer = world["people"]["ongoing"]
    with pytest.raises(IntegrityError):
        Customer.objects.filter(pk=customer.pk).update(erased_on=ON)


def test_the_database_refuses_a_customer_without_identity(world):
    with pytest.raises(IntegrityError):
        Customer.objects.filter(pk=world["people"]["ongoing"].pk).update(
            identity_number=None
        )


def test_an_erased_customer_is_gone_from_the_officer_and_can_come_back(world):
    nacka = world["nacka"]
    customer = world["people"]["due"]
    retention_run(on=ON, municipalities=[nacka["municipality"]])

    with pytest.raises(Http404):
        customer_for_page(user=nacka["officer"], pk=customer.pk)
    again = customer_register(
        user=nacka["officer"],
        municipality=nacka["municipality"],
        identity_number=pnr("19400312"),
        name="Person åter",
        area=nacka["area"],
    )
    assert again.pk != customer.pk


def test_the_command_lists_ids_and_never_a_number(world):
    out = io.StringIO()
    call_command(
        "gallra",
        "--dry-run",
        "--municipality",
        "nacka",
        "--on",
        "2027-01-01",
        stdout=out,
    )
    text = out.getvalue()
    assert "nacka 2027-01-01: would erase 4 customers; 1 kept for research" in text
    assert " ".join(map(str, _ids(world, DUE))) in text
    for number in Customer.objects.values_list("identity_number", flat=True):
        assert number[:8] not in text and number[2:] not in text
    assert Customer.objects.filter(erased_on__isnull=False).count() == 0

    call_command("gallra", "--on", "2027-01-01", stdout=io.StringIO())
    assert Customer.objects.filter(erased_on=ON).count() == 5  # both places


def test_the_command_refuses_unknown_places_and_days(world):
    with pytest.raises(CommandError):
        call_command("gallra", "--municipality", "atlantis")
    with pytest.raises(CommandError):
        call_command("gallra", "--on", "2027-13-01")


def test_the_daily_task_takes_no_arguments_and_erases_once(world, settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["retention-run"]
    assert schedule["task"] == retention_run_daily.name
    assert not schedule.get("args")
    with time_machine.travel(datetime(2027, 1, 2, 4, tzinfo=STOCKHOLM)):
        assert retention_run_daily.delay().get() == 5
        assert retention_run_daily.delay().get() == 0
