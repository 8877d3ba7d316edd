"""A small Nacka for choices: three private providers and the own unit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from customers.models import DecisionStatus, DefaultProvider
from customers.services import (
    choice_record,
    customer_register,
    decision_register,
    decision_transition,
)
from kundval.models import Role
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ServiceFactory,
    authorize,
    member,
    provider_user,
)

TODAY = timezone.localdate


def decided(world, customer, *, starts_on=None, ends_on=None):
    officer = world["officer"]
    decision = decision_register(
        user=officer,
        customer=customer,
        service=world["service"],
        hours_per_month=Decimal("20"),
        starts_on=starts_on or TODAY() - timedelta(days=10),
        ends_on=ends_on,
        reasons="Behöver hjälp.",
    )
    return decision_transition(
        user=officer, decision=decision, to=DecisionStatus.DECIDED
    )


def new_customer(world, number, name="Kund"):
    return customer_register(
        user=world["officer"],
        municipality=world["nacka"],
        identity_number=number,
        name=name,
        area=world["boo"],
    )


@pytest.fixture
def world(db):
    nacka = MunicipalityFactory(name="Nacka", slug="nacka")
    service = ServiceFactory(municipality=nacka)
    boo, alta = (
        AreaFactory(municipality=nacka, slug="boo"),
        AreaFactory(municipality=nacka, slug="alta"),
    )
    own = ProviderFactory(name="Nacka egen regi", kind="municipal", municipality=nacka)
    first, second, elsewhere = (
        ProviderFactory(name=n) for n in ("Första AB", "Andra AB", "Älta AB")
    )
    since = TODAY() - timedelta(days=365)
    authorize(own, service, [boo, alta], valid_from=since)
    authorize(first, service, [boo], valid_from=since)
    second_authorization = authorize(
        second, service, [boo], ceiling=1, valid_from=since
    )
    authorize(elsewhere, service, [alta], valid_from=since)
    DefaultProvider.objects.create(service=service, provider=own)
    world = {
        "nacka": nacka,
        "service": service,
        "boo": boo,
        "own": own,
        "first": first,
        "second": second,
        "second_authorization": second_authorization,
        "elsewhere": elsewhere,
        "officer": member(
            Role.CASE_OFFICER, nacka, email="handlaggare@nacka.example.se"
        ),
        "trosa_officer": member(Role.CASE_OFFICER, MunicipalityFactory(name="Trosa")),
        "own_user": provider_user(own),
        "first_user": provider_user(first),
        "second_user": provider_user(second),
        "elsewhere_user": provider_user(elsewhere),
    }
    world["customer"] = new_customer(world, "19121212-1212", "Tolvan")
    world["decision"] = decided(world, world["customer"])
    return world


def choose(world, provider, *, decision=None, starts_on=None, reason=""):
    """The officer records `provider` (None: the non-choice) for a decision."""
    decision = decision or world["decision"]
    return choice_record(
        user=world["officer"],
        decision=decision,
        provider=provider,
        starts_on=starts_on or decision.starts_on,
        switch_reason=reason,
    )
