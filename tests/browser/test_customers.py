"""A case officer registers a customer and finds them again, in the browser."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_register_and_find_a_customer(page, live_server, demo_volumes):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("handlaggare.nacka")
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Registrera en kund").click()
    assert_accessible(page)
    page.locator("#id_identity_number").fill("19121272-1219")
    page.locator("#id_name").fill("Sam Samordning")
    page.locator("#id_area").select_option(label="Boo (Nacka)")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("status")).to_have_text("Kunden har registrerats.")
    expect(page.get_by_role("heading", name="Sam Samordning")).to_be_visible()
    expect(page.get_by_text("(samordningsnummer)")).to_be_visible()
    assert "1219" not in page.url
    assert_accessible(page)
    page.get_by_role("link", name="Sök en annan kund").click()
    page.locator("#id_identity_number").fill("121272+1219")  # 100 or older: "+"
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", name="Sam Samordning")).to_be_visible()
    assert "1219" not in page.url


def test_a_need_decision_from_draft_to_decided(page, live_server, demo_volumes):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("handlaggare.nacka")
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Sök en kund").click()
    page.locator("#id_identity_number").fill("19121212-1212")
    page.get_by_role("button", name="Sök").click()
    page.locator("#id_service").select_option(label="Hemtjänst")
    page.get_by_label("Inköp (serviceinsats)").check()
    page.get_by_label("Personlig hygien (personlig omvårdnad)").check()
    page.locator("#id_hours_per_month").fill("12.5")
    page.locator("#id_starts_on").fill("2026-12-01")
    page.locator("#id_reasons").fill("Behöver hjälp med inköp och hygien.")
    page.get_by_role("button", name="Spara som utkast").click()
    expect(page.get_by_role("status")).to_have_text("Beslutsutkastet har sparats.")
    decision = page.get_by_role("region", name="Hemtjänst: 12,50 timmar per månad")
    expect(decision).to_contain_text("Utkast")
    decision.get_by_label("Varför (registreras)").fill("Utrett vid hembesök.")
    decision.get_by_role("button", name="Besluta").click()
    expect(page.get_by_role("status")).to_have_text("Beslutet har fattats.")
    decided = page.get_by_role("region", name="Hemtjänst: 12,50 timmar per månad")
    expect(decided).to_contain_text("Beslutad")
    expect(decided).to_contain_text("Utrett vid hembesök. ")
    assert_accessible(page)
