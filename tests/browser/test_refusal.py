"""The quality unit refuses an application with reasons, in the browser."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from authorization.models import Announcement, ConditionReview
from providers.models import Provider
from tests.accessibility import assert_accessible
from tests.authorization.conftest import submit_application
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

# For a person to look at the refused application as the provider sees it.
SCREENSHOT = Path(tempfile.gettempdir()) / "refusal.png"

PROVIDER = "anordnare.siljan-omsorg"
PROVIDER_NAME = "Siljan Omsorg ekonomisk förening"
CALL = "Kundval hemtjänst i Nacka"
CONDITION = "Verksamhetsansvarig och ledning"
NOTE = "Verksamhetsansvarig saknar två års arbetsledning."
REASONS = "Verksamhetsansvarig uppfyller inte kraven på arbetsledning."


def test_refusal_with_reasons_and_court_review(page, live_server, demo, mailoutbox):
    # The provider has answered every condition and submitted. The shared
    # helper (the same services as the form) keeps this journey about the
    # decision; tests/browser/test_application.py clicks through applying.
    call = Announcement.objects.get(title=CALL)
    application, _applicant = submit_application(
        call, Provider.objects.get(slug="siljan-omsorg")
    )
    assert application.status == "submitted"
    login(page, live_server, PROVIDER)
    page.get_by_role("link", name="Ansökningar").click()
    expect(page.get_by_role("row", name=CALL)).to_contain_text("Inskickad")
    _logout(page, PROVIDER)

    # The quality officer finds it in the review list and marks one condition.
    login(page, live_server, "kvalitet.nacka")
    page.get_by_role("link", name="Ansökningar").click()
    row = page.get_by_role("row", name=PROVIDER_NAME)
    expect(row).to_contain_text("Inskickad")
    row.get_by_role("link", name=PROVIDER_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Granskning: {PROVIDER_NAME}"
    )
    condition = page.get_by_role("region", name=CONDITION, exact=True)
    expect(condition).to_contain_text("Så uppfyller vi det.")
    condition.get_by_label("Bedömning").select_option(label="Inte uppfyllt")
    condition.get_by_label("Anteckning").fill(NOTE)
    expect(page.get_by_text("begära att förvaltningsrätten prövar")).to_be_visible()

    # Refusing without reasons is stopped and changes nothing.
    page.get_by_role("button", name="Avslå").click()
    expect(page.get_by_role("alert")).to_have_text("Ange en motivering.")
    expect(_status(page)).to_have_text("Inskickad")
    expect(condition.get_by_label("Bedömning")).to_have_value("not_met")
    expect(condition.get_by_label("Anteckning")).to_have_value(NOTE)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not application.events.filter(to_status="refused").exists()
    assert mailoutbox == []

    # With reasons the refusal goes through.
    page.get_by_label("Motivering till beslutet eller begäran").fill(REASONS)
    page.get_by_role("button", name="Avslå").click()
    expect(page.get_by_role("status")).to_have_text("Ansökan har avslagits.")
    expect(_status(page)).to_have_text("Avslagen")
    expect(page.get_by_role("listitem").filter(has_text=REASONS)).to_contain_text(
        re.compile(r"Avslagen \(kvalitet\.nacka\) – " + re.escape(REASONS))
    )
    expect(page.get_by_role("button", name="Avslå")).to_have_count(0)
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == "refused"
    review = ConditionReview.objects.get(
        application=application, condition__title=CONDITION
    )
    assert (review.verdict, review.note, review.by.username) == (
        "not_met",
        NOTE,
        "kvalitet.nacka",
    )

    # The provider is e-mailed the decision, the reasons and the right to appeal.
    [message] = mailoutbox
    assert "kontakt@siljan-omsorg.example.se" in message.to
    assert message.subject == "Er ansökan: Avslagen"
    assert REASONS in message.body
    assert "förvaltningsrätten prövar avslaget" in message.body
    assert f"/anordnare/ansokningar/{application.pk}/" in message.body
    _logout(page, "kvalitet.nacka")

    # The provider sees the refusal, the reasons and the way to the court.
    login(page, live_server, PROVIDER)
    page.get_by_role("link", name="Ansökningar").click()
    row = page.get_by_role("row", name=CALL)
    expect(row).to_contain_text("Avslagen")
    row.get_by_role("link", name=CALL).click()
    expect(page.get_by_text("Status: Avslagen")).to_be_visible()
    expect(page.get_by_role("heading", name="Historik")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=REASONS)).to_contain_text(
        "Avslagen – " + REASONS
    )
    expect(page.get_by_role("note")).to_have_text(
        "Ni kan begära att förvaltningsrätten prövar avslaget enligt lagen om "
        "valfrihetssystem (LOV)."
    )
    expect(page.get_by_role("button", name="Skicka in ansökan")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=SCREENSHOT, full_page=True)

    # A refused provider is not in the open data for that service.
    api = live_server.url + "/api/v1/providers/"
    listed = page.request.get(
        api + "?municipality=nacka&service=hemtjanst&limit=500"
    ).json()
    slugs = [p["slug"] for p in listed["results"]]
    assert "omsorgshuset" in slugs  # the list itself works
    assert "siljan-omsorg" not in slugs
    siljan = page.request.get(api + "siljan-omsorg/").json()
    served = {a["municipality"] for a in siljan["authorizations"]}
    assert served == {"leksand", "rattvik"}  # its other authorizations stand


def _status(page):
    return page.locator("dt", has_text="Status").locator(
        "xpath=following-sibling::dd[1]"
    )


def _logout(page, username):
    page.get_by_role("button", name=f"Logga ut {username}").click()
