"""POST /api/v1/complaints/: a partner system files a complaint, once per
Idempotency-Key, in a municipality its token's user works in."""

import pytest
from rest_framework.test import APIClient

from followup.models import Channel, Complaint

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints/"


def _post(user, body, key="abc-123"):
    client = APIClient()
    client.force_authenticate(user)
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(URL, body, format="json", headers=headers)


def _body(world, **fields):
    body = {
        "municipality": world["municipality"].slug,
        "provider": world["provider"].organisation_number,
        "category": "times",
        "text": "Hemtjänsten kom inte på lördagen.",
        "serious_answers": ["neglect"],
        "name": "Greta Klagande",
        "email": "greta@example.se",
    }
    return body | fields


def test_a_case_officer_files_a_complaint_through_the_api(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = _post(world["case_officer"], _body(world))
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    complaint = Complaint.objects.get(pk=body["id"])
    assert complaint.channel == Channel.API
    assert complaint.provider == world["provider"]
    assert complaint.serious and complaint.email == "greta@example.se"
    assert body["serious"] is True and body["status"] == "received"
    assert body["provider"] == world["provider"].organisation_number
    # Written, never read back: the contact details are not in the answer.
    assert "Greta" not in answer.content.decode()
    # The same as a form: a receipt, and the quality unit hears of it.
    recipients = {address for mail in mailoutbox for address in mail.to}
    assert recipients >= {"greta@example.se", "kvalitet@example.se"}


def test_the_same_key_files_one_complaint(world):
    first = _post(world["quality"], _body(world))
    again = _post(world["quality"], _body(world))
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert Complaint.objects.count() == 1
    another = _post(world["quality"], _body(world), key="another")
    assert another.json()["id"] != first.json()["id"]


def test_another_users_key_never_finds_the_complaint(world):
    first = _post(world["quality"], _body(world))
    other = _post(world["case_officer"], _body(world, text="Något annat."))
    assert other.status_code == 201
    assert other.json()["id"] != first.json()["id"]
    assert Complaint.objects.count() == 2


@pytest.mark.parametrize("key", [None, "", "å", "x" * 101])
def test_a_request_without_a_good_key_files_nothing(world, key):
    answer = _post(world["quality"], _body(world), key=key)
    assert answer.status_code == 400
    assert "Idempotency-Key" in answer.json()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"provider": "5560000000"}, "provider"),
        ({"category": "nonsense"}, "category"),
        ({"serious_answers": ["maybe"]}, "serious_answers"),
        ({"anonymous": True}, "anonymous"),
        ({"municipality": "nowhere"}, "municipality"),
        ({"text": "x" * 5001}, "text"),
    ],
)
def test_bad_fields_are_named_and_nothing_is_filed(world, fields, field):
    answer = _post(world["quality"], _body(world, **fields))
    assert answer.status_code == 400
    assert field in answer.json()
    assert not Complaint.objects.exists()


def test_a_provider_of_another_municipality_is_refused(world):
    number = world["other_provider"].organisation_number
    answer = _post(world["quality"], _body(world, provider=number))
    assert answer.status_code == 400
    assert not Complaint.objects.exists()


def test_an_anonymous_complaint_about_the_municipality(world):
    body = _body(world, provider=None, about_municipality=True, anonymous=True)
    del body["name"], body["email"]
    answer = _post(world["quality"], body)
    assert answer.status_code == 201, answer.json()
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.provider is None
    assert answer.json()["provider"] is None


def test_only_staff_of_the_municipality_may_file(world):
    assert _post(world["other_quality"], _body(world)).status_code == 403
    assert _post(world["provider_user"], _body(world)).status_code == 403
    assert APIClient().post(URL, _body(world), format="json").status_code in (
        401,
        403,
    )
    assert not Complaint.objects.exists()
