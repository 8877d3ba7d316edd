"""Journeys a person clicks through, in headless Chromium, checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible

pytestmark = pytest.mark.browser

# Demo user → the start page it lands on and that page's heading (Swedish).
DEMO_ROLES = [
    ("admin", "/administration/", "Administration"),
    ("handlaggare.nacka", "/handlaggare/", "Handläggare"),
    ("kvalitet.nacka", "/kvalitet/", "Kvalitetsenheten"),
    ("ekonomi.nacka", "/ekonomi/", "Ekonomi"),
    ("handlaggare.trosa", "/handlaggare/", "Handläggare"),
    ("kvalitet.trosa", "/kvalitet/", "Kvalitetsenheten"),
    ("anordnare.omsorgshuset", "/anordnare/", "Anordnare"),
]


@pytest.mark.parametrize("username,path,heading", DEMO_ROLES)
def test_demo_user_logs_in_and_lands_on_start_page(
    page, live_server, demo, username, path, heading
):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Logga in").first.click()
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Logga ut")).click()
    expect(page).to_have_url(live_server.url + "/")


@pytest.mark.parametrize(
    "language,heading",
    [("sv", "Välj vem som hjälper dig hemma"), ("en", "Choose who helps you at home")],
)
def test_public_pages_are_accessible_in_both_languages(
    page, live_server, demo, language, heading
):
    page.goto(live_server.url + "/")
    if language == "en":
        page.get_by_label("Språk").select_option("en")
        page.get_by_role("button", name="Byt").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    page.goto(live_server.url + "/logga-in/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)


def test_login_error_is_tied_to_the_form_and_accessible(page, live_server, demo):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("handlaggare.nacka")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Fel användarnamn eller lösenord")
    expect(page.locator("form[aria-describedby=login-errors]")).to_have_count(1)
    assert_accessible(page)


def test_call_for_applications_is_accessible(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Förfrågningsunderlag").click()
    page.get_by_role("link", name="Kundval hemtjänst i Nacka").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kundval hemtjänst i Nacka"
    )
    expect(page.get_by_role("row", name="Byte av daglig ledning")).to_contain_text(
        "Egen anmälan"
    )
    assert_accessible(page)


def test_skip_link_moves_focus_to_main(page, live_server, demo):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_quality_officer_reviews_access_log(page, live_server, demo):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("kvalitet.nacka")
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Åtkomstlogg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Åtkomstlogg")
    page.get_by_label("Kundnummer").fill("12")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("status")).to_have_text("Inga rader matchar.")
    assert_accessible(page)
