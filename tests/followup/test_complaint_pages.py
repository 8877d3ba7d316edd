"""The public complaint form (honeypot, rate limit, double post, what was
typed kept on an error) and the handling pages."""

import pytest
from django.urls import reverse

from followup.models import Complaint, ComplaintStatus
from followup.services.complaints import RATE_LIMIT
from tests.followup.conftest import file

pytestmark = pytest.mark.django_db
TEXT = "Personalen var otrevlig <b>igen</b>."


def _form(world, **changes) -> dict:
    data = {
        "municipality": world["municipality"].pk,
        "provider": world["provider"].pk,
        "category": "conduct",
        "text": TEXT,
        "name": "Greta Klagande",
        "email": "greta@example.se",
        "submission_key": "a" * 32,
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def test_the_form_is_public_in_swedish_and_english(client, world):
    assert "Synpunkter och klagomål" in client.get(reverse("complaint-new")).text
    client.post(reverse("set_language"), {"language": "en"})
    assert "Complaints and opinions" in client.get(reverse("complaint-new")).text


def test_a_double_post_files_one_complaint(client, world):
    for _ in range(2):
        answer = client.post(reverse("complaint-new"), _form(world))
        assert answer.status_code == 302
    [complaint] = Complaint.objects.all()
    receipt = client.get(answer.url)
    assert str(complaint.pk) in receipt.text


def test_the_honeypot_files_nothing_but_looks_the_same(client, world):
    answer = client.post(reverse("complaint-new"), _form(world, website="spam.example"))
    assert answer.status_code == 302
    assert answer.url == reverse("complaint-receipt")
    assert not Complaint.objects.exists()


def test_an_error_keeps_what_was_typed(client, world):
    answer = client.post(reverse("complaint-new"), _form(world, email="inte-en-adress"))
    assert answer.status_code == 200
    assert "Personalen var otrevlig &lt;b&gt;igen&lt;/b&gt;." in answer.text
    assert 'value="Greta Klagande"' in answer.text
    assert not Complaint.objects.exists()


def test_the_rate_limit_keeps_the_text_too(client, world):
    for n in range(RATE_LIMIT):
        key = f"{n:032x}"
        client.post(reverse("complaint-new"), _form(world, submission_key=key))
    answer = client.post(
        reverse("complaint-new"), _form(world, submission_key="f" * 32)
    )
    assert answer.status_code == 200
    assert "Personalen var otrevlig" in answer.text
    assert Complaint.objects.count() == RATE_LIMIT


def test_too_long_a_text_is_refused_and_kept(client, world):
    answer = client.post(reverse("complaint-new"), _form(world, text="x" * 5001))
    assert answer.status_code == 200
    assert "x" * 5001 in answer.text
    assert not Complaint.objects.exists()


def test_anonymous_with_contact_details_is_refused(client, world):
    answer = client.post(reverse("complaint-new"), _form(world, anonymous="on"))
    assert answer.status_code == 200
    assert not Complaint.objects.exists()


def test_lists_show_no_contact_details(client, world):
    file(world)
    client.force_login(world["quality"])
    page = client.get(reverse("complaint-list")).text
    assert "Hemtjänsten kom" not in page
    assert "Greta" not in page and "greta@" not in page
    client.force_login(world["provider_user"])
    assert "Greta" not in client.get(reverse("provider-complaints")).text


def test_the_quality_unit_assigns_and_the_provider_answers(client, world):
    complaint = file(world)
    client.force_login(world["quality"])
    detail = reverse("complaint-detail", args=[complaint.pk])
    before = client.get(detail).text
    assert "Greta" not in before
    # Assigned only by naming a handler: no bare button for it.
    assert 'value="assigned"' not in before
    client.post(
        reverse("complaint-assign", args=[complaint.pk]),
        {"handler": world["quality"].pk},
    )
    assert "greta@example.se" in client.get(detail).text
    client.post(reverse("complaint-move", args=[complaint.pk]), {"to": "investigating"})
    client.force_login(world["provider_user"])
    page = reverse("provider-complaint", args=[complaint.pk])
    client.post(page, {"answer": "Vi har bytt rutin."})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED
    client.force_login(world["other_provider_user"])
    assert client.get(page).status_code == 404


def test_a_provider_cannot_open_another_providers_complaint(client, world):
    complaint = file(world)
    client.force_login(world["other_provider_user"])
    page = reverse("provider-complaint", args=[complaint.pk])
    assert client.post(page, {"answer": "x"}).status_code == 404
    assert Complaint.objects.get().status == ComplaintStatus.RECEIVED


def test_staff_register_a_complaint_received_by_letter(client, world):
    client.force_login(world["quality"])
    page = reverse("complaint-register")
    answer = client.post(page, _form(world, channel="letter", submission_key=None))
    assert answer.status_code == 302
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.client_hash) == ("letter", "")
    client.force_login(world["provider_user"])
    assert client.get(page).status_code == 403
