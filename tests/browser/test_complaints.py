"""A complaint from start to end in the browser: a citizen files it on the
public form (after an error that keeps what was typed), the quality officer
assigns it and has it investigated, the provider answers, and it closes."""

import pytest
from playwright.sync_api import expect

from followup.models import Complaint
from tests.accessibility import assert_accessible
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
TEXT = "Hemtjänsten kom två timmar för sent tre dagar i rad."


def _file(page, live_server) -> None:
    filed_before = Complaint.objects.count()  # the demo's own complaints
    page.goto(live_server.url + "/synpunkter/")
    assert_accessible(page)
    page.get_by_role("combobox", name="Kommun").select_option(label="Nacka")
    page.get_by_label("Anordnare det gäller").select_option(
        label="Omsorgshuset i Nacka AB"
    )
    page.get_by_label("Vad gäller det?").select_option(label="Tider")
    page.get_by_label("Ditt namn").fill("Greta Klagande")
    page.get_by_label("Din e-post").fill("greta@example.se")
    page.get_by_role("button", name="Skicka", exact=True).click()
    # Nothing said about what happened: marked at the field, the rest kept.
    expect(page.get_by_text("Det här fältet är obligatoriskt.")).to_be_visible()
    expect(page.get_by_label("Ditt namn")).to_have_value("Greta Klagande")
    assert_accessible(page)
    assert Complaint.objects.count() == filed_before
    page.get_by_label("Vad hände?").fill(TEXT)
    page.get_by_role("button", name="Skicka", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tack för att du hörde av dig"
    )
    assert_accessible(page)


def test_filed_assigned_answered_closed(page, live_server, demo):
    _file(page, live_server)
    complaint = Complaint.objects.get(text=TEXT)

    login(page, live_server, "kvalitet.nacka")
    page.get_by_role("link", name="Synpunkter och klagomål").click()
    assert_accessible(page)
    page.get_by_role("table", name="Alla klagomål, allvarliga först").get_by_role(
        "link", name=str(complaint.pk)
    ).click()
    page.get_by_label("Handläggare").select_option(label="kvalitet.nacka")
    page.get_by_role("button", name="Utse handläggaren").click()
    expect(page.get_by_role("status")).to_have_text("Handläggaren är utsedd.")
    expect(page.get_by_text("greta@example.se")).to_be_visible()
    page.get_by_role("button", name="Ändra till Utreds").click()
    expect(page.get_by_role("status")).to_have_text("Klagomålet har uppdaterats.")
    assert_accessible(page)

    login(page, live_server, "anordnare.omsorgshuset")
    page.goto(live_server.url + "/anordnare/")
    page.get_by_role("link", name="Klagomål som gäller er").click()
    assert_accessible(page)
    page.get_by_role("link", name=str(complaint.pk)).click()
    page.get_by_label("Svar och vidtagna åtgärder").fill(
        "Vi har lagt om körschemat i området."
    )
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.get_by_role("status")).to_have_text("Ditt svar har skickats.")
    assert_accessible(page)

    login(page, live_server, "kvalitet.nacka")
    page.goto(live_server.url + f"/kvalitet/klagomal/{complaint.pk}/")
    expect(page.get_by_text("Vi har lagt om körschemat i området.")).to_be_visible()
    page.get_by_role("button", name="Ändra till Avslutat").click()
    expect(page.get_by_role("status")).to_have_text("Klagomålet har uppdaterats.")
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert complaint.answer == "Vi har lagt om körschemat i området."
