"""The quality unit follows an authorized provider in the browser: approves
a reported new manager and issues a warning tied to a condition."""

import pytest
from playwright.sync_api import expect

from authorization.models import Report, Sanction
from tests.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_new_manager_approved_and_a_warning(page, live_server, demo, tmp_path):
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("kvalitet.nacka")
    page.get_by_label("Lösenord").fill("kundval-demo")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Auktoriserade anordnare: egenrapporter").click()
    assert_accessible(page)
    page.get_by_role("listitem").filter(has_text="Ny verksamhetsansvarig").get_by_role(
        "link"
    ).click()
    expect(page.get_by_text("Eva Ny", exact=True)).to_be_visible()
    page.get_by_role("button", name="Godkänn den nya verksamhetsansvariga").click()
    expect(page.get_by_role("status")).to_have_text("Rapporten har handlagts.")
    in_charge = page.locator("dd").filter(has_text="Verksamhetsansvarig:")
    expect(in_charge).to_contain_text("Verksamhetsansvarig: Eva Ny")
    assert Report.objects.get().status == "approved"

    page.get_by_label("Villkor som brutits").select_option(
        label="Klagomål och avvikelser"
    )
    page.get_by_label("Underlag för överträdelsen").fill(
        "Två avvikelser rapporterades inte."
    )
    page.get_by_role("button", name="Besluta").click()
    # The reasons and the date are missing: marked at the fields, nothing decided.
    expect(page.get_by_text("Det här fältet är obligatoriskt.")).to_have_count(2)
    assert not Sanction.objects.filter(authorization__provider__slug="hemtrevnad")
    evidence = tmp_path / "protokoll.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    page.get_by_label("Fil med underlag").set_input_files(evidence)
    page.locator("#id_reasons").fill("Villkoret om rapportering bröts.")
    page.locator("#id_effective_from").fill("2026-12-01")
    page.get_by_role("button", name="Besluta").click()
    expect(page.get_by_role("status")).to_have_text(
        "Varning beslutad; anordnaren har underrättats."
    )
    history = page.get_by_role("table", name="Varningar och återkallelser")
    expect(history).to_contain_text("Klagomål och avvikelser")
    expect(history.get_by_role("link", name="protokoll.pdf")).to_be_visible()
    assert_accessible(page)
