import pytest
from django.core.management import call_command


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo")


def login(page, live_server, username):
    """Sign in as a demo user; whoever was signed in before is signed out."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
