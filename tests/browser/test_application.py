"""A provider applies for the Nacka home-care call in the browser."""

import pytest
from playwright.sync_api import expect

from tests.accessibility import assert_accessible
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_apply_complete_approve_contract_and_open_data(
    page, live_server, demo, tmp_path
):
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
    for radio in page.get_by_label("Gäller inte", exact=True).all():
        radio.check()
    _upload_evidence(page, tmp_path)
    for role in ("verksamhetsansvarig", "ersättare"):
        _name_person(page, role)
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
    expect(
        page.get_by_role("heading", name="Verksamhetsansvarig: Maja")
    ).to_be_visible()
    qualification = page.get_by_role("table").first
    expect(qualification).to_contain_text("2,00 år av 2")
    page.get_by_label("Motivering till beslutet eller begäran").fill("Bifoga planen.")
    page.get_by_role("button", name="Begär komplettering").click()
    expect(page.get_by_role("status")).to_have_text("Komplettering har begärts.")
    assert_accessible(page)
    page.get_by_role("button", name="Logga ut kvalitet.nacka").click()

    # The provider completes and resubmits; the officer approves.
    login(page, live_server, "anordnare.siljan-omsorg")
    page.get_by_role("link", name="Ansökningar").click()
    page.get_by_role("row", name="Kundval hemtjänst i Nacka").get_by_role(
        "link", name="Kundval hemtjänst i Nacka"
    ).click()
    expect(page.get_by_text("Bifoga planen.")).to_be_visible()
    page.get_by_label("Mål för verksamheten").fill("Planen bifogas här.")
    page.get_by_role("button", name="Skicka in ansökan").click()
    expect(page.get_by_role("status")).to_have_text("Ansökan har skickats in.")
    page.get_by_role("button", name="Logga ut anordnare.siljan-omsorg").click()

    login(page, live_server, "kvalitet.nacka")
    page.get_by_role("link", name="Ansökningar").click()
    page.get_by_role("link", name="Siljan Omsorg ekonomisk förening").click()
    page.get_by_label("Motivering till beslutet eller begäran").fill(
        "Villkoren uppfylls."
    )
    page.get_by_role("button", name="Godkänn").click()
    expect(page.get_by_role("status")).to_have_text("Ansökan har godkänts.")
    page.get_by_role("button", name="Logga ut kvalitet.nacka").click()

    # The provider accepts the contract and appears in the open data.
    login(page, live_server, "anordnare.siljan-omsorg")
    page.get_by_role("link", name="Ansökningar").click()
    page.get_by_role("row", name="Kundval hemtjänst i Nacka").get_by_role(
        "link", name="Kundval hemtjänst i Nacka"
    ).click()
    page.get_by_role("link", name="Läs och godkänn avtalet").click()
    assert_accessible(page)
    page.get_by_role("button", name="Godkänn avtalet").click()
    expect(page.get_by_role("status").first).to_contain_text("Avtalet har godkänts.")
    api = live_server.url + "/api/v1/providers/?municipality=nacka&limit=500"
    listed = page.request.get(api).json()
    assert "siljan-omsorg" in [p["slug"] for p in listed["results"]]

    # Its authorization page: the people in charge, sanctions, certificates.
    page.goto(live_server.url + "/anordnare/ansokningar/")
    page.get_by_role("row", name="Kundval hemtjänst i Nacka").get_by_role(
        "link", name="Er auktorisation: rapporter och handlingar"
    ).click()
    expect(page.get_by_text("Verksamhetsansvarig: Maja Ledare")).to_be_visible()
    assert_accessible(page)


def _upload_evidence(page, tmp_path):
    """One PDF for each condition shown at authorization."""
    pdf = tmp_path / "underlag.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    kinds = page.get_by_label("Handlingen är")
    evidence = [
        option
        for option in kinds.locator("option").all_inner_texts()
        if option.startswith("Underlag:")
    ]
    for option in evidence:
        page.get_by_label("Ladda upp en handling").set_input_files(pdf)
        page.get_by_label("Handlingen är").select_option(label=option)
        page.get_by_role("button", name="Spara utkast").click()
        expect(page.get_by_role("status")).to_have_text("Utkastet har sparats.")
    expect(page.get_by_role("link", name="underlag.pdf")).to_have_count(len(evidence))


def _name_person(page, role):
    page.get_by_role("button", name=f"Fyll i uppgifter om {role}").click()
    name = "Maja Ledare" if role != "ersättare" else "Per Ersätt"
    page.locator("#id_name").fill(name)
    page.locator("#id_education").fill("Socionomexamen")
    page.locator("#id_education_years").fill("3")
    page.get_by_label("Behärskar svenska").check()
    first = page.get_by_role("group", name="Period 1")
    first.locator("#id_form-0-kind").select_option(label="Vård- och omsorgsarbete")
    first.locator("#id_form-0-employer").fill("Hemtjänst AB")
    first.locator("#id_form-0-start").fill("2022-01-01")
    first.locator("#id_form-0-end").fill("2023-12-31")
    first.locator("#id_form-0-percent").fill("100")
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Sparat.")
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till ansökan").click()
