"""A provider applies for the Nacka home-care call in the browser."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_apply_complete_approve_contract_and_open_data(page, live_server, demo):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("anordnare.siljan-omsorg")
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Ansökningar").click()
    assert_accessible(page)
    page.get_by_role("button", name="Ansök: Kundval hemtjänst i Nacka").click()
    page.get_by_label("Boo").check()
    page.get_by_label("Mål för verksamheten").fill("Vi följer kommunens mål.")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.get_by_role("status")).to_have_text("Utkastet har sparats.")
    page.get_by_role("button", name="Skicka in ansökan").click()
    expect(page.get_by_role("alert")).to_contain_text("Besvara alla villkor")
    assert_accessible(page)
    for field in page.get_by_role("textbox").all():
        if not field.input_value():
            field.fill("Så här uppfyller vi villkoret.")
    page.get_by_role("button", name="Skicka in ansökan").click()
    expect(page.get_by_role("status")).to_have_text("Ansökan har skickats in.")
    expect(page.get_by_text("Status: Inskickad")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut anordnare.siljan-omsorg").click()

    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("kvalitet.nacka")
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Ansökningar").click()
    page.get_by_role("link", name="Siljan Omsorg ekonomisk förening").click()
    assert_accessible(page)
    page.get_by_label("Motivering till beslutet eller begäran").fill("Bifoga planen.")
    page.get_by_role("button", name="Begär komplettering").click()
    expect(page.get_by_role("status")).to_have_text("Komplettering har begärts.")
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut kvalitet.nacka").click()

    # The provider completes and resubmits; the officer approves.
    _login(page, live_server, "anordnare.siljan-omsorg")
    page.get_by_role("link", name="Ansökningar").click()
    page.get_by_role("row", name="Kundval hemtjänst i Nacka").get_by_role(
        "link"
    ).click()
    expect(page.get_by_text("Bifoga planen.")).to_be_visible()
    page.get_by_label("Mål för verksamheten").fill("Planen bifogas här.")
    page.get_by_role("button", name="Skicka in ansökan").click()
    expect(page.get_by_role("status")).to_have_text("Ansökan har skickats in.")
    page.get_by_role("button", name="Logga ut anordnare.siljan-omsorg").click()

    _login(page, live_server, "kvalitet.nacka")
    page.get_by_role("link", name="Ansökningar").click()
    page.get_by_role("link", name="Siljan Omsorg ekonomisk förening").click()
    page.get_by_label("Motivering till beslutet eller begäran").fill(
        "Villkoren uppfylls."
    )
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_role("status")).to_have_text("Ansökan har godkänts.")
    page.get_by_role("button", name="Logga ut kvalitet.nacka").click()

    # The provider accepts the contract and appears in the open data.
    _login(page, live_server, "anordnare.siljan-omsorg")
    page.get_by_role("link", name="Ansökningar").click()
    page.get_by_role("row", name="Kundval hemtjänst i Nacka").get_by_role(
        "link"
    ).click()
    page.get_by_role("link", name="Läs och godkänn avtalet").click()
    assert_accessible(page)
    page.get_by_role("button", name="Godkänn avtalet").click()
    expect(page.get_by_role("status").first).to_contain_text("Avtalet har godkänts.")
    api = live_server.url + "/api/v1/providers/?municipality=nacka&limit=500"
    listed = page.request.get(api).json()
    assert "siljan-omsorg" in [p["slug"] for p in listed["results"]]


def _login(page, live_server, username):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
