"""Staff link a complaint they register to the customer it concerns, by
personnummer (posted, never in a URL); reading its contact details is then
a read of the customer's data, logged."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from customers.selectors import customer_id_in
from customers.services import customer_register
from followup.models import Complaint
from followup.services import complaint_assign
from kundval.models import AccessLog
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db
NUMBER = "191212121212"
AS_TYPED = "19121212-1212"


@pytest.fixture
def customer(world):
    return customer_register(
        user=world["case_officer"],
        municipality=world["municipality"],
        identity_number=NUMBER,
        name="Tolvan Tolvansson",
        area=AreaFactory(municipality=world["municipality"]),
    )


def _form(world, **changes) -> dict:
    data = {
        "municipality": world["municipality"].pk,
        "provider": world["provider"].pk,
        "category": "conduct",
        "text": "Personalen var otrevlig.",
        "name": "Greta Klagande",
        "channel": "phone",
        "identity_number": AS_TYPED,
    }
    return data | changes


def test_the_registered_complaint_is_linked_and_its_contact_read_logged(
    client, world, customer
):
    client.force_login(world["case_officer"])
    answer = client.post(reverse("complaint-register"), _form(world))
    assert answer.status_code == 302
    assert "1212" not in answer.url
    complaint = Complaint.objects.get()
    assert complaint.customer_id == customer.pk
    # Linking shows nothing of the customer: no read to log yet.
    assert not AccessLog.objects.filter(what="complaint").exists()
    complaint_assign(
        user=world["quality"], complaint=complaint, handler=world["quality"]
    )
    client.force_login(world["quality"])
    page = client.get(reverse("complaint-detail", args=[complaint.pk]))
    assert "Greta Klagande" in page.text
    [row] = AccessLog.objects.filter(what="complaint")
    assert (row.customer_id, row.user) == (customer.pk, world["quality"])


def test_without_a_number_nothing_is_linked(client, world, customer):
    client.force_login(world["quality"])
    client.post(reverse("complaint-register"), _form(world, identity_number=""))
    assert Complaint.objects.get().customer_id is None


@pytest.mark.parametrize(
    "number",
    # A bad check digit, no number, an injection, a number of 2012 (ten
    # digits take the younger century).
    ["19121212-1213", "hej", "19121212-1212 OR 1=1", "121212-1212"],
)
def test_a_number_that_finds_no_customer_files_nothing_and_keeps_the_form(
    client, world, customer, number
):
    client.force_login(world["quality"])
    answer = client.post(
        reverse("complaint-register"), _form(world, identity_number=number)
    )
    assert answer.status_code == 200
    assert "is-invalid" in answer.text and "Personalen var otrevlig." in answer.text
    assert not Complaint.objects.exists()


def test_another_municipalitys_customer_is_not_found(world, customer):
    elsewhere = world["other_quality"].memberships.get().municipality
    assert (
        customer_id_in(municipality_id=elsewhere.pk, identity_number=AS_TYPED) is None
    )
    assert (
        customer_id_in(
            municipality_id=world["municipality"].pk, identity_number=AS_TYPED
        )
        == customer.pk
    )
    with pytest.raises(ValidationError):
        customer_id_in(municipality_id=elsewhere.pk, identity_number="12-34")
