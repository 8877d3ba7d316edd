"""The quality unit follows an authorized provider in the browser: approves
a reported new manager and issues a warning tied to a condition; a provider
files a lex Sarah report that the quality officer sees first."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from authorization.models import Authorization, Report, Sanction
from tests.accessibility import assert_accessible
from tests.browser.conftest import login

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
    assert Report.objects.get(kind="new_manager").status == "approved"

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


LEX_SARAH = "Personal såg en kollega låsa in en kund i sovrummet under natten."


def test_a_lex_sarah_report_reaches_the_quality_unit_first(
    page, live_server, demo, mailoutbox
):
    officer = get_user_model().objects.get(username="kvalitet.nacka")
    officer.email = "kvalitet@nacka.example.se"
    officer.save(update_fields=["email"])
    authorization = Authorization.objects.get(
        provider__slug="omsorgshuset", service__municipality__slug="nacka"
    )
    login(page, live_server, "anordnare.omsorgshuset")
    page.goto(
        live_server.url + reverse("provider-authorization", args=[authorization.pk])
    )
    page.get_by_role(
        "link", name="Rapportera en ändring eller händelse till kvalitetsenheten"
    ).click()
    page.get_by_label("Vad rapporterar ni?").select_option(label="Lex Sarah-rapport")
    page.get_by_label("Datum för händelsen eller ändringen").fill("2026-11-30")
    page.get_by_label("Beskrivning: vad som hänt eller ändrats").fill(LEX_SARAH)
    page.get_by_label("Allvarlighetsgrad").select_option(label="Mycket allvarligt")
    page.get_by_label("Lex Sarah: vad det gäller").select_option(
        label="Missförhållande"
    )
    page.get_by_label("IVO har underrättats").check()
    page.get_by_role("button", name="Skicka rapporten").click()
    # The measures and IVO's date are missing: said at the fields, text kept.
    expect(page.get_by_text("Beskriv de åtgärder som vidtagits.")).to_be_visible()
    expect(page.get_by_text("Ange datum då IVO underrättades.")).to_be_visible()
    expect(page.get_by_label("Beskrivning: vad som hänt eller ändrats")).to_have_value(
        LEX_SARAH
    )
    assert_accessible(page)
    assert not Report.objects.filter(text=LEX_SARAH)
    page.get_by_label("Vidtagna åtgärder").fill("Medarbetaren är avstängd.")
    page.get_by_label("Datum då IVO underrättades").fill("2026-12-01")
    page.get_by_label("Allmänt villkor som det gäller (frivilligt)").select_option(
        label="Klagomål och avvikelser"
    )
    page.get_by_role("button", name="Skicka rapporten").click()
    expect(page.get_by_role("status")).to_have_text("Rapporten har skickats.")
    expect(page.get_by_text(LEX_SARAH)).to_be_visible()
    # The demo's earlier reports, not told to IVO, can record it here.
    expect(
        page.get_by_role("button", name="Registrera att IVO har underrättats")
    ).not_to_have_count(0)
    assert_accessible(page)
    report = Report.objects.get(text=LEX_SARAH)
    assert (report.severity, report.ivo_told) == ("very_serious", True)
    # To the quality unit at once (the demo's seeding mailed others before).
    link = reverse("deviation-detail", args=[report.pk])
    [message] = [m for m in mailoutbox if link in m.body]
    assert message.to == ["kvalitet@nacka.example.se"]

    login(page, live_server, "kvalitet.nacka")
    page.get_by_role("link", name="Avvikelser och lex Sarah-rapporter").click()
    assert_accessible(page)
    table = page.get_by_role("table", name="Avvikelserapporter, allvarliga först")
    first = table.locator("tbody tr").first
    expect(first).to_contain_text("Allvarligt")
    expect(first).to_contain_text("Omsorgshuset")
    expect(first).to_contain_text("2026-12-01")
    page.get_by_label("Typ").select_option(label="Fel")
    page.get_by_role("button", name="Filtrera").click()
    expect(table.get_by_role("link", name=str(report.pk))).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Typ").select_option(label="Lex Sarah-rapport")
    page.get_by_role("button", name="Filtrera").click()
    table.get_by_role("link", name=str(report.pk)).click()
    expect(page.get_by_text(LEX_SARAH)).to_be_visible()
    expect(page.get_by_text("Medarbetaren är avstängd.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Anteckning").fill("Följs upp vid besök.")
    page.get_by_role("button", name="Markera som noterad").click()
    expect(page.get_by_role("status")).to_have_text("Rapporten har handlagts.")
    report.refresh_from_db()
    assert report.status == "noted"
