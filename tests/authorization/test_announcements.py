"""The public call for applications: page, PDF and open data."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from authorization.models import Announcement, Condition, OnBreach
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_call_page_lists_general_then_specific_conditions(client, nacka_call):
    response = client.get(reverse("call-detail", args=[nacka_call.pk]))
    assert response.status_code == 200
    titles = [c.title for c in response.context["conditions"]]
    assert titles == [
        "Mål för verksamheten",
        "Nycklar och värdehandlingar",
        "Kompetens i den dagliga ledningen",
        "Byte av daglig ledning",
        "Klagomål och avvikelser",
        "Verksamhetsansvarig och ledning",
    ]
    body = response.content.decode()
    assert "Egen anmälan" in body and "Varning och/eller avauktorisation" in body
    assert "inget sista ansökningsdatum" in body


def test_unpublished_call_is_not_shown(client, nacka_call):
    Announcement.objects.filter(pk=nacka_call.pk).update(published_at=None)
    assert client.get(reverse("call-detail", args=[nacka_call.pk])).status_code == 404
    listed = client.get("/api/v1/announcements/").json()["results"]
    assert nacka_call.pk not in [item["id"] for item in listed]


def test_call_as_pdf(client, nacka_call, tmp_path):
    response = client.get(reverse("call-pdf", args=[nacka_call.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Kundval hemtjänst i Nacka" in text
    assert "Verksamhetsansvarig och ledning" in text


def test_open_data_has_the_national_ad_fields(client, nacka_call, settings):
    settings.SITE_URL = "https://kundval.nacka.se"
    listed = client.get("/api/v1/announcements/").json()["results"]
    [item] = [item for item in listed if item["id"] == nacka_call.pk]
    assert item["title"] == "Kundval hemtjänst i Nacka"
    assert item["authority"] == "Nacka"
    assert item["service"] == "Hemtjänst"
    assert item["link"] == f"https://kundval.nacka.se/annonser/{nacka_call.pk}/"
    assert item["contact_email"] == "kvalitetsenheten@nacka.example.se"
    assert item["closing_date"] is None
    assert "Boo" in item["areas"]


def test_a_condition_needs_a_checkpoint(nacka_call):
    with pytest.raises(IntegrityError):
        Condition.objects.create(
            municipality=nacka_call.service.municipality,
            code="utan-kontroll",
            title="x",
            text="x",
            sanction=OnBreach.WARNING,
        )
