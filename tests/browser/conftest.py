import pytest
from django.core.management import call_command


@pytest.fixture
def demo(transactional_db, settings):
    """The demo without the generated customer volumes: these journeys don't
    meet them. (Not copied in as in tests/demo_snapshot.py: after a flush the
    content types come back with new ids, so no two starts are the same.)"""
    settings.DEBUG = True
    call_command("seed_demo", "--no-volumes")


@pytest.fixture
def demo_volumes(transactional_db, settings):
    """The whole demo, for journeys among a real municipality's customers."""
    settings.DEBUG = True
    call_command("seed_demo")


def login(page, live_server, username):
    """Sign in as a demo user; whoever was signed in before is signed out."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
