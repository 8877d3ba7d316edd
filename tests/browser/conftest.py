import pytest
from django.core import mail
from django.core.management import call_command

from tests.browser.leaks import IdentityNumberGuard

# Chromium reports a blocked script or style on the console ("Refused to
# execute inline script because it violates the following Content Security
# Policy directive ..."); the listener also catches what it would not log.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.violatedDirective} ${event.blockedURI}`;
  console.error(`securitypolicyviolation ${where}`);
});
"""


@pytest.fixture
def context(new_context):
    """Every journey fails on a Content-Security-Policy violation: a page
    that needs inline script or style does not work for the people using it."""
    context = new_context()
    context.add_init_script(REPORT_VIOLATIONS)
    context.csp_violations = []
    context.on(
        "console", lambda message: _note_violation(message, context.csp_violations)
    )
    yield context
    assert context.csp_violations == []


def _note_violation(message, violations: list) -> None:
    text = message.text
    if "Content Security Policy" in text or "securitypolicyviolation" in text:
        violations.append(f"{message.page.url if message.page else '?'}: {text}")


@pytest.fixture(autouse=True)
def no_identity_number_leaves(page):
    """Every journey: no identity number in a URL, a file name, a log line,
    a mail or a task's arguments (tests/browser/leaks.py)."""
    guard = IdentityNumberGuard()
    guard.watch(page)
    yield guard
    guard.stop()
    assert any(line.startswith("url ") for line in guard.seen)
    assert guard.leaks() == []


@pytest.fixture
def demo(transactional_db, settings):
    """The demo without the generated customer volumes: these journeys don't
    meet them. (Not copied in as in tests/demo_snapshot.py: after a flush the
    content types come back with new ids, so no two starts are the same.)"""
    settings.DEBUG = True
    call_command("seed_demo", "--no-volumes")
    mail.outbox.clear()  # the demo's own mail (findings sent, accounts returned)


@pytest.fixture
def demo_volumes(transactional_db, settings):
    """The whole demo, for journeys among a real municipality's customers."""
    settings.DEBUG = True
    call_command("seed_demo")
    mail.outbox.clear()


def login(page, live_server, username):
    """Sign in as a demo user; whoever was signed in before is signed out."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
