"""The officer's choice page and work list, and the provider's order page,
through the Django test client: errors land on the form, reads are logged."""

from datetime import timedelta

from customers.forms import DecisionChangeForm
from customers.models import Choice, ChoiceStatus, Notice
from customers.services import choice_transition
from kundval.models import AccessLog
from tests.customers.conftest import TODAY, choose


def _choice_url(world):
    return f"/handlaggare/kunder/beslut/{world['decision'].pk}/val/"


def test_choice_page_lists_the_choosable_with_their_facts(world, client):
    world["first"].languages = "finska"
    world["first"].save()
    client.force_login(world["officer"])
    page = client.get(_choice_url(world)).content.decode()
    assert "Första AB" in page and "finska" in page
    assert "Älta AB" not in page  # not authorized in the customer's area
    assert "0 av 1" not in page and "1 av 1" in page  # the second's free places
    assert AccessLog.objects.filter(what="choice page").count() == 1


def test_choice_page_records_a_choice(world, client):
    client.force_login(world["officer"])
    answer = client.post(
        _choice_url(world),
        {"provider": world["first"].pk, "starts_on": TODAY().isoformat()},
    )
    assert answer.status_code == 302
    assert Choice.objects.get().provider == world["first"]


def test_a_switch_without_reason_shows_the_error_and_keeps_the_old(world, client):
    choose(world, world["first"])
    client.force_login(world["officer"])
    body = {"provider": "default", "starts_on": TODAY().isoformat()}
    page = client.post(_choice_url(world), body)
    assert page.status_code == 200
    assert "Ange varför kunden byter." in page.content.decode()
    assert Choice.objects.get().ends_on is None


def test_a_provider_not_in_the_list_is_a_form_error(world, client):
    client.force_login(world["officer"])
    body = {"provider": world["elsewhere"].pk, "starts_on": TODAY().isoformat()}
    page = client.post(_choice_url(world), body)
    assert page.status_code == 200
    assert not Choice.objects.exists()


def test_work_list_shows_the_revoked_providers_customers(world, client):
    choose(world, world["first"])
    world["first"].authorizations.update(revoked_from=TODAY() + timedelta(days=7))
    client.force_login(world["officer"])
    page = client.get("/handlaggare/kunder/arbetslista/").content.decode()
    revoked = page.split('id="revoked"')[1].split("</section>")[0]
    assert "Tolvan" in revoked
    assert (TODAY() + timedelta(days=7)).isoformat() in revoked
    assert AccessLog.objects.filter(what="work list").count() == 1


def test_provider_accepts_and_the_notice_is_read(world, client):
    choice = choose(world, world["first"])
    client.force_login(world["first_user"])
    inbox = client.get("/anordnare/kunder/").content.decode()
    assert "Ny beställning: Tolvan" in inbox
    client.get(f"/anordnare/kunder/{choice.pk}/")
    assert Notice.objects.get().read_at is not None
    client.post(f"/anordnare/kunder/{choice.pk}/svar/", {"action": "accept"})
    choice.refresh_from_db()
    assert choice.status == ChoiceStatus.ACCEPTED


def test_decline_below_the_ceiling_is_refused_on_the_page(world, client):
    choice = choose(world, world["second"])
    client.force_login(world["second_user"])
    url = f"/anordnare/kunder/{choice.pk}/svar/"
    empty = client.post(url, {"action": "decline", "note": ""})
    assert empty.status_code == 200  # the form again, with its error
    answer = client.post(url, {"action": "decline", "note": "Fullt"}, follow=True)
    assert "Under kapacitetstaket måste varje beställning accepteras." in (
        answer.content.decode()
    )
    choice.refresh_from_db()
    assert choice.status == ChoiceStatus.ORDERED


def test_protected_address_is_hidden_from_the_provider(world, client):
    customer = world["customer"]
    customer.street_address, customer.protected_identity = "Hemliga vägen 1", True
    customer.save()
    choice = choose(world, world["first"])
    choice_transition(user=world["first_user"], choice=choice, to="accepted")
    client.force_login(world["first_user"])
    page = client.get(f"/anordnare/kunder/{choice.pk}/").content.decode()
    assert "Hemliga vägen" not in page
    assert "Skyddad identitet" in page


def test_officer_changes_the_hours_on_the_customer_page(world, client):
    client.force_login(world["officer"])
    prefix = f"amend-{world['decision'].pk}"
    page = client.get(f"/handlaggare/kunder/{world['customer'].pk}/").content.decode()
    assert f'name="{prefix}-hours_per_month"' in page
    url = f"/handlaggare/kunder/beslut/{world['decision'].pk}/andra/"
    refused = client.post(url, {f"{prefix}-hours_per_month": "30"}, follow=True)
    assert "Det här fältet är obligatoriskt." in refused.content.decode()
    body = {f"{prefix}-hours_per_month": "30", f"{prefix}-note": "Ny utredning."}
    done = client.post(url, body, follow=True)
    assert "Beslutet har ändrats." in done.content.decode()
    world["decision"].refresh_from_db()
    assert world["decision"].hours_per_month == 30


def test_only_a_choice_not_yet_started_of_the_officers_municipality_is_withdrawn(
    world, client
):
    started = choose(world, world["first"], starts_on=TODAY())
    later = choose(
        world, world["own"], starts_on=TODAY() + timedelta(days=5), reason="quality"
    )
    client.force_login(world["officer"])
    page = client.get(f"/handlaggare/kunder/{world['customer'].pk}/").content.decode()
    assert f"/handlaggare/kunder/val/{later.pk}/aterkalla/" in page
    assert f"/handlaggare/kunder/val/{started.pk}/aterkalla/" not in page
    assert (
        client.get(f"/handlaggare/kunder/val/{started.pk}/aterkalla/").status_code
        == 404
    )
    client.force_login(world["trosa_officer"])
    url = f"/handlaggare/kunder/val/{later.pk}/aterkalla/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Fel"}).status_code == 404
    later.refresh_from_db()
    assert later.status == ChoiceStatus.ORDERED
    assert AccessLog.objects.filter(what="withdraw choice page").count() == 0


def test_a_nul_byte_in_a_decision_note_is_refused_not_an_error(world, client):
    """The portal refuses a NUL before any view (RefuseNulMiddleware); the
    decision's form refuses it too, should a note reach it another way."""
    client.force_login(world["officer"])
    url = f"/handlaggare/kunder/beslut/{world['decision'].pk}/"
    refused = client.post(url, {"action": "end", "note": "a\x00b"})
    assert refused.status_code == 400
    world["decision"].refresh_from_db()
    assert world["decision"].status == "decided"
    form = DecisionChangeForm({"action": "end", "note": "a\x00b"})
    assert not form.is_valid() and "note" in form.errors
