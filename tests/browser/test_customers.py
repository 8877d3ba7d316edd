"""A case officer registers a customer and finds them again, in the browser."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_register_and_find_a_customer(page, live_server, demo):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("handlaggare.nacka")
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Registrera en kund").click()
    assert_accessible(page)
    page.locator("#id_identity_number").fill("19121212-1212")
    page.locator("#id_name").fill("Tolvan Tolvansson")
    page.locator("#id_area").select_option(label="Boo (Nacka)")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("status")).to_have_text("Kunden har registrerats.")
    expect(page.get_by_role("heading", name="Tolvan Tolvansson")).to_be_visible()
    assert "1212" not in page.url
    assert_accessible(page)
    page.get_by_role("link", name="Sök en annan kund").click()
    page.locator("#id_identity_number").fill("121212+1212")  # 100 or older: "+"
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", name="Tolvan Tolvansson")).to_be_visible()
    assert "1212" not in page.url
