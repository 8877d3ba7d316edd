"""A follow-up in the browser: the quality officer plans it from the plan,
starts it, records a condition not met with a measure, decides the warning
the condition prescribes and sends the findings; the provider reads them and
answers the measure. Axe on every page of it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followup.models import FollowUp, FollowUpStatus
from tests.accessibility import assert_accessible
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
NOTE = "Nycklarna låg i en olåst låda; ingen kvittenslista."
MEASURE = "Inför låsta nyckelskåp och kvittens för varje nyckel."
ANSWER = "Nyckelskåp är monterade och kvittenslistan används sedan i måndags."


def _plan(page, live_server) -> FollowUp:
    login(page, live_server, "kvalitet.nacka")
    page.get_by_role("link", name="Uppföljningsplan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uppföljningsplan")
    assert_accessible(page)
    page.get_by_role("link", name="Planera en uppföljning").click()
    assert_accessible(page)
    page.get_by_label("Anordnare och tjänst").select_option(
        label="Omsorgshuset i Nacka AB – Hemtjänst"
    )
    page.get_by_label("Planerad månad").select_option(str(timezone.localdate().month))
    page.get_by_label("Typ").select_option(label="Besök")
    before = set(FollowUp.objects.values_list("pk", flat=True))
    page.get_by_role("button", name="Planera", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Uppföljningen har planerats.")
    [follow_up] = FollowUp.objects.exclude(pk__in=before)
    return follow_up


def _find_and_warn(page) -> None:
    page.get_by_role("button", name="Ändra till Pågår").click()
    expect(page.get_by_role("status")).to_have_text("Uppföljningen har uppdaterats.")
    page.get_by_role("combobox", name="Villkor").select_option(
        label="Nycklar och värdehandlingar"
    )
    page.get_by_label("Inte uppfyllt", exact=True).check()
    page.get_by_role("button", name="Registrera iakttagelsen").click()
    # Not met without a note: refused, said on the form.
    expect(page.get_by_text("Beskriv vad som iakttogs.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Inte uppfyllt", exact=True).check()
    page.get_by_label("Anteckning (krävs vid ej uppfyllt och anmärkning)").fill(NOTE)
    page.get_by_role("button", name="Registrera iakttagelsen").click()
    expect(page.get_by_role("status")).to_have_text("Iakttagelsen har registrerats.")
    page.get_by_label("Åtgärd som anordnaren ska vidta").fill(MEASURE)
    due = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Ska vara vidtagen senast").fill(f"{due:%Y-%m-%d}")
    page.get_by_role("button", name="Lägg till åtgärden").click()
    expect(page.get_by_role("status")).to_have_text("Åtgärden har lagts till.")
    assert_accessible(page)
    # The condition allows a revocation too; the quality officer warns.
    page.get_by_role("combobox", name="Sanktion").select_option(label="Varning")
    page.get_by_label("Motivering").fill("Rutinen för nycklar saknas.")
    page.get_by_role("button", name="Besluta om sanktionen").click()
    expect(page.get_by_role("status")).to_contain_text("Varning")
    page.get_by_role("button", name="Ändra till Iakttagelser skickade").click()
    expect(page.get_by_role("status")).to_have_text("Uppföljningen har uppdaterats.")
    assert_accessible(page)


def _answer(page, live_server, follow_up) -> None:
    login(page, live_server, "anordnare.omsorgshuset")
    page.goto(live_server.url + "/anordnare/")
    page.get_by_role("link", name="Uppföljningar av er").click()
    assert_accessible(page)
    page.locator(f"a[href='/anordnare/uppfoljning/{follow_up.pk}/']").click()
    expect(page.get_by_text(NOTE)).to_be_visible()
    expect(page.get_by_role("cell", name="Varning")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Besvara åtgärden").click()
    assert_accessible(page)
    page.get_by_label("Vad ni har gjort").fill(ANSWER)
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.get_by_role("status")).to_have_text("Ditt svar har skickats.")
    expect(page.get_by_text(ANSWER)).to_be_visible()
    assert_accessible(page)


def test_a_breach_ends_in_a_warning_and_the_provider_answers(page, live_server, demo):
    follow_up = _plan(page, live_server)
    assert_accessible(page)
    _find_and_warn(page)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.FINDINGS_SENT
    finding = follow_up.findings.get()
    assert finding.sanction.kind == "warning"
    assert finding.sanction.evidence == NOTE
    _answer(page, live_server, follow_up)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.ANSWERED
    assert follow_up.measures.get().answer == ANSWER
