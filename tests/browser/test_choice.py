"""The heart of customer choice in the browser: the officer decides and
records the choice; the provider accepts and writes the care plan; the
customer switches, and the old provider loses access from the switch day."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from customers.models import Choice
from tests.accessibility import assert_accessible
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
OWN_UNIT = "Nacka hemtjänst (egen regi)"


def _decide(page, starts_on):
    page.get_by_role("link", name="Sök en kund").click()
    page.locator("#id_identity_number").fill("19121212-1212")
    page.get_by_role("button", name="Sök").click()
    page.locator("#id_service").select_option(label="Hemtjänst")
    page.get_by_label("Personlig hygien (personlig omvårdnad)").check()
    page.locator("#id_hours_per_month").fill("20")
    page.locator("#id_starts_on").fill(starts_on.isoformat())
    page.locator("#id_reasons").fill("Behöver hjälp morgon och kväll.")
    page.get_by_role("button", name="Spara som utkast").click()
    page.get_by_role("button", name="Besluta").click()
    expect(page.get_by_role("status")).to_have_text("Beslutet har fattats.")


def test_choice_order_care_plan_and_switch(page, live_server, demo_volumes):
    today = timezone.localdate()
    started = today - timedelta(days=20)
    login(page, live_server, "handlaggare.nacka")
    _decide(page, started)
    page.get_by_role("link", name="Registrera val eller byte").click()
    expect(page.get_by_role("heading", name="Val av anordnare")).to_be_visible()
    assert_accessible(page)
    table = page.get_by_role("table")
    expect(table).to_contain_text("Lediga platser")
    # The customer picks a private provider in Boo: the first of the list.
    chosen = table.locator("tbody th label").first.inner_text()
    assert chosen != OWN_UNIT
    page.get_by_label(chosen, exact=True).check()
    page.locator("#id_starts_on").fill(started.isoformat())
    page.get_by_role("button", name="Registrera och beställ av anordnaren").click()
    expect(page.get_by_role("status")).to_have_text(
        "Valet är registrerat och anordnaren har fått beställningen."
    )
    expect(page.get_by_role("table")).to_contain_text("Beställd, väntar på anordnaren")
    old = Choice.objects.select_related("provider").get(
        provider__name=chosen, decision__customer__identity_number="191212121212"
    )

    login(page, live_server, f"anordnare.{old.provider.slug}")
    page.get_by_role("link", name="Kunder och beställningar").click()
    inbox = page.get_by_role("region", name="Inkorg")
    expect(inbox).to_contain_text("Ny beställning: Tolvan Tolvansson")
    assert_accessible(page)
    inbox.get_by_role("link", name="Ny beställning: Tolvan Tolvansson").click()
    expect(page.get_by_role("heading", name="Tolvan Tolvansson")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Acceptera beställningen").click()
    expect(page.get_by_role("status")).to_have_text("Beställningen är accepterad.")
    page.locator("#id_how").fill("Hjälp med dusch tisdag och fredag morgon.")
    page.locator("#id_agreed_on").fill(today.isoformat())
    page.locator("#id_follow_up_on").fill((today + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Spara genomförandeplanen").click()
    expect(page.get_by_role("status")).to_have_text("Genomförandeplanen är sparad.")
    expect(page.get_by_role("region", name="Genomförandeplan")).to_contain_text(
        "Hjälp med dusch tisdag och fredag morgon."
    )
    assert_accessible(page)
    order_url = page.url

    login(page, live_server, "handlaggare.nacka")
    page.get_by_role("link", name="Sök en kund").click()
    page.locator("#id_identity_number").fill("19121212-1212")
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Registrera val eller byte").click()
    expect(page.get_by_role("note")).to_contain_text(f"Kunden har {chosen}")
    page.get_by_label(OWN_UNIT, exact=True).check()
    page.locator("#id_starts_on").fill(today.isoformat())
    page.locator("#id_switch_reason").select_option(label="Missnöjd med kvaliteten")
    page.locator("#id_switch_note").fill("Vill ha färre olika personal.")
    assert_accessible(page)
    page.get_by_role("button", name="Registrera och beställ av anordnaren").click()
    expect(page.get_by_role("status")).to_have_text(
        "Valet är registrerat och anordnaren har fått beställningen."
    )
    history = page.get_by_role("table")
    yesterday = (today - timedelta(days=1)).isoformat()
    expect(history).to_contain_text(f"{started.isoformat()} – {yesterday}")
    expect(history).to_contain_text("Missnöjd med kvaliteten")

    login(page, live_server, f"anordnare.{old.provider.slug}")
    response = page.goto(order_url)
    assert response.status == 404
    page.goto(live_server.url + "/anordnare/kunder/")
    expect(page.get_by_role("main")).not_to_contain_text("Tolvan")


def test_a_switch_recorded_by_mistake_is_withdrawn(page, live_server, demo):
    today = timezone.localdate()
    login(page, live_server, "handlaggare.nacka")
    _decide(page, today - timedelta(days=20))
    page.get_by_role("link", name="Registrera val eller byte").click()
    page.get_by_label(OWN_UNIT, exact=True).check()
    page.locator("#id_starts_on").fill((today - timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Registrera och beställ av anordnaren").click()
    # A switch from next week, to the wrong provider.
    page.get_by_role("link", name="Registrera val eller byte").click()
    page.locator("tbody th label").first.click()
    page.locator("#id_starts_on").fill((today + timedelta(days=7)).isoformat())
    page.locator("#id_switch_reason").select_option(label="Missnöjd med kvaliteten")
    page.get_by_role("button", name="Registrera och beställ av anordnaren").click()
    history = page.get_by_role("table")
    expect(history).to_contain_text(f"– {(today + timedelta(days=6)).isoformat()}")
    page.get_by_role("link", name="Återkalla").click()
    expect(page.get_by_role("heading", name="Återkalla valet")).to_be_visible()
    page.get_by_role("button", name="Återkalla valet").click()
    expect(page.get_by_text("Det här fältet är obligatoriskt.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Varför valet återkallas").fill("Fel anordnare valdes.")
    page.get_by_role("button", name="Återkalla valet").click()
    expect(page.get_by_role("status")).to_have_text("Valet är återkallat.")
    history = page.get_by_role("table")
    expect(history).to_contain_text("Återtagen innan den började")
    expect(history).to_contain_text(f"{OWN_UNIT}")
    own = Choice.objects.get(
        provider__name=OWN_UNIT, decision__customer__identity_number="191212121212"
    )
    assert own.ends_on is None
