"""seed_demo is idempotent and guards its known password."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from authorization.models import Authorization
from customers import demo as customers_demo
from customers.models import (
    Choice,
    ChoiceEvent,
    Customer,
    DecisionEvent,
    NeedDecision,
    Notice,
    live_choices_of,
)
from followup.models import Complaint, ComplaintEvent
from kundval.models import Area, Membership, Municipality, Role, Service
from providers.models import Provider

pytestmark = pytest.mark.django_db

MODELS = [
    Municipality,
    Service,
    Area,
    Membership,
    get_user_model(),
    Customer,
    NeedDecision,
    NeedDecision.interventions.through,
    DecisionEvent,
    Choice,
    ChoiceEvent,
    Notice,
    Complaint,
    ComplaintEvent,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_seed_demo_twice_gives_same_counts(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first["Municipality"] == 4
    assert first["Service"] == 6  # home care everywhere; escort and relief in Nacka
    assert first["Customer"] > 1600
    assert first["Choice"] > first["NeedDecision"]  # some switched


def test_seed_demo_contents(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--no-volumes")  # the volumes: test_demo_volumes.py
    trosa = Municipality.objects.get(slug="trosa")
    assert sorted(trosa.areas.values_list("name", flat=True)) == [
        "Trosa",
        "Vagnhärad",
        "Västerljung",
    ]
    nacka_services = Service.objects.filter(municipality__slug="nacka")
    assert set(nacka_services.values_list("slug", flat=True)) == {
        "hemtjanst",
        "ledsagning",
        "avlosning",
    }
    assert Membership.objects.filter(
        user__username="kvalitet.trosa", municipality=trosa, role=Role.QUALITY_OFFICER
    ).exists()
    officer = get_user_model().objects.get(username="handlaggare.nacka")
    assert officer.check_password("kundval-demo")


def test_seed_demo_refuses_demo_passwords_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--demo-passwords"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()
    call_command("seed_demo", "--demo-passwords", "--no-volumes")
    assert get_user_model().objects.filter(username="admin").exists()


def test_seed_demo_without_volumes_has_only_the_named_customers(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--no-volumes", verbosity=0)
    numbers = {n.replace("-", "") for n, _name, _area in customers_demo.CUSTOMERS}
    assert set(Customer.objects.values_list("identity_number", flat=True)) == numbers
    assert not NeedDecision.objects.exists()
    assert Authorization.objects.filter(provider__kind="private").exists()
    assert get_user_model().objects.filter(username="handlaggare.nacka").exists()


def test_seeded_customers_respect_capacity_ceilings(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--no-volumes", verbosity=0)
    private = Authorization.objects.filter(provider__kind="private")
    private.update(capacity_ceiling=2)
    customers_demo.demo_seed()  # a later run with volumes adds them
    assert NeedDecision.objects.count() == sum(customers_demo.VOLUMES.values())
    day = timezone.localdate()
    for authorization in private.filter(service__slug="hemtjanst"):
        live = live_choices_of([authorization.provider_id], on=day)
        assert live.count() <= 2, authorization.provider
    trosa_own = Provider.objects.filter(slug="trosa-egen-regi").values("pk")
    assert live_choices_of(trosa_own).count() == customers_demo.VOLUMES["trosa"] - 6
