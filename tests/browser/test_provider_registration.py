"""A provider registers online, in Swedish, and lands on its own page."""

import re

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_provider_registers_and_sees_its_profile(page, live_server, demo, mailoutbox):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Registrera ert företag eller er förening").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Registrera er som anordnare")
    assert_accessible(page)

    page.get_by_label("Företagets eller föreningens namn").fill("Omtanke i Boo AB")
    page.get_by_label("Organisationsnummer").fill("559100-0005")  # wrong check digit
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("alert")).to_contain_text("Rätta de markerade fälten")
    expect(page.get_by_text("Kontrollsiffran stämmer inte")).to_be_visible()
    assert_accessible(page)  # errors tied to their fields

    page.get_by_label("Organisationsnummer").fill("559100-0004")
    page.get_by_label("Vi är godkända för F-skatt").check()
    page.get_by_label("Vi är registrerade för moms").check()
    page.get_by_label("Firmatecknare").fill("Sara Ström")
    page.get_by_label("Gatuadress").fill("Boovägen 2")
    page.get_by_label("Postnummer").fill("132 30")
    page.get_by_label("Ort").fill("Saltsjö-Boo")
    page.get_by_label("E-post för kontakt").fill("info@omtanke.example.se")
    page.get_by_label("Telefon för kontakt").fill("08-555 000 11")
    page.get_by_label("Din e-postadress").fill("sara@omtanke.example.se")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera din e-post")

    # The link in the mail: choose a password, then sign in with the address.
    [message] = mailoutbox
    link = re.search(r"/konto/losenord/\S+", message.body).group(0)
    page.goto(live_server.url + link)
    for field in ("#id_new_password1", "#id_new_password2"):  # labels overlap
        page.locator(field).fill("ett-långt-lösenord-2026")
    page.get_by_role("button", name="Spara lösenord").click()
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("sara@omtanke.example.se")
    page.get_by_label("Lösenord").fill("ett-långt-lösenord-2026")
    page.get_by_role("button", name="Logga in").click()

    expect(page).to_have_url(live_server.url + "/anordnare/")
    expect(page.get_by_role("heading", level=2)).to_have_text("Omtanke i Boo AB")
    expect(page.get_by_text("SE559100000401")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kollegor").click()
    page.get_by_label("Förnamn").fill("Kim")
    page.get_by_label("Efternamn").fill("Kollega")
    page.get_by_label("E-post").fill("kim@example.se")
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_role("status")).to_contain_text("kim@example.se")
    expect(page.get_by_role("cell", name="kim@example.se", exact=True)).to_be_visible()
    assert_accessible(page)
