"""Shared set-up: Nacka's demo call, and an application submitted to it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from authorization.models import Announcement, DocumentKind, ExclusionGround, WorkKind
from authorization.selectors import conditions_of
from authorization.services import (
    application_save,
    application_start,
    application_submit,
    document_upload,
    manager_save,
)
from tests.demo_snapshot import seed_demo_without_volumes
from tests.factories import provider_user

# The smallest file the content check takes as a PDF: a header and an end.
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf_upload(name="intyg.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


QUALIFIED_MANAGER = {
    "name": "Maja Ledare",
    "education": "Socionomexamen, Stockholms universitet",
    "education_years": Decimal("3.5"),
    "yh_credits": 0,
    "education_abroad": False,
    "validated_by_uhr": False,
    "fluent_swedish": True,
}
QUALIFIED_PERIODS = [
    {
        "kind": WorkKind.CARE_WORK,
        "employer": "Hemtjänst AB, undersköterska",
        "start": date(2019, 1, 1),
        "end": date(2022, 12, 31),
        "percent": 100,
    },
    {
        "kind": WorkKind.SUPERVISING,
        "employer": "Hemtjänst AB, enhetschef",
        "start": date(2023, 1, 1),
        "end": None,
        "percent": 100,
    },
]


@pytest.fixture
def nacka_call(settings):
    settings.DEBUG = True
    seed_demo_without_volumes()
    return Announcement.objects.get(service__municipality__slug="nacka")


def submit_application(call, provider, area_slugs=("boo",)):
    """A new user of `provider` answers every condition and submits."""
    applicant = provider_user(provider)
    application = application_start(
        user=applicant, provider=provider, announcement=call
    )
    application_save(
        user=applicant,
        application=application,
        answers={c.pk: "Så uppfyller vi det." for c in conditions_of(call)},
        area_ids=list(
            call.areas.filter(slug__in=area_slugs).values_list("pk", flat=True)
        ),
    )
    complete_application(applicant, application)
    return application_submit(user=applicant, application=application), applicant


def complete_application(applicant, application):
    """Declarations, evidence and the two people a submission needs."""
    application_save(
        user=applicant,
        application=application,
        answers={},
        area_ids=list(application.areas.values_list("pk", flat=True)),
        declarations=dict.fromkeys(ExclusionGround.values, False),
    )
    conditions = conditions_of(application.announcement)
    for condition in conditions.filter(shown_at_authorization=True):
        document_upload(
            user=applicant,
            application=application,
            upload=pdf_upload(),
            kind=DocumentKind.EVIDENCE,
            condition_id=condition.pk,
        )
    for role in ("manager", "substitute"):
        manager_save(
            user=applicant,
            application=application,
            role=role,
            person=QUALIFIED_MANAGER,
            periods=QUALIFIED_PERIODS,
        )
