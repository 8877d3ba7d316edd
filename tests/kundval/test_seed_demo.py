"""seed_demo is idempotent and guards its known password."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from kundval.models import Area, Membership, Municipality, Role, Service

pytestmark = pytest.mark.django_db

MODELS = [Municipality, Service, Area, Membership, get_user_model()]


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


def test_seed_demo_contents(settings):
    settings.DEBUG = True
    call_command("seed_demo")
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
    call_command("seed_demo", "--demo-passwords")
    assert get_user_model().objects.filter(username="admin").exists()
