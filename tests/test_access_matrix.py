"""Every URL declares who may use it, and nobody else gets through.

Walks every URL pattern (pages, API, admin) and requests it as anonymous, as
each role of another municipality and as a user without membership, by GET
and POST. A URL without a declared policy fails; so does a URL with an
argument tests.routes has no sample value for.
"""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from rest_framework.test import APIClient

from authorization.models import (
    Announcement,
    Application,
    Authorization,
    Document,
    DocumentKind,
    Report,
    ReportKind,
)
from customers.models import Choice, Customer, NeedDecision, Notice
from followup.models import Complaint, QualityAccount, Survey, SurveyResult
from kundval.access import DJANGO_ADMIN, policy_of
from kundval.models import MUNICIPAL_ROLES, Job, Role
from kundval.services import access_log_record
from tests.authorization.conftest import PDF_BYTES
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    ProviderFactory,
    ServiceFactory,
    UserFactory,
    member,
    provider_user,
)
from tests.headers import assert_house_headers
from tests.routes import ROUTES, samples, url_of

pytestmark = pytest.mark.django_db

SECRET_NAME = "Hemligby"
DENIED = {302, 401, 403, 404, 405}


@pytest.fixture
def owner():
    """The municipality whose data nobody in this test may see."""
    municipality = MunicipalityFactory(name=SECRET_NAME, slug="hemligby")
    ServiceFactory(municipality=municipality, name=f"{SECRET_NAME} hemtjänst")
    AreaFactory(municipality=municipality, name=f"{SECRET_NAME} centrum")
    insider = member(Role.QUALITY_OFFICER, municipality)
    access_log_record(
        user=insider, municipality_id=municipality.pk, customer_id=1, what=SECRET_NAME
    )
    Job.objects.create(kind="report", municipality=municipality, message=SECRET_NAME)
    own_unit = ProviderFactory(
        name=f"{SECRET_NAME} egen regi", kind="municipal", municipality=municipality
    )
    provider_user(own_unit)
    call = Announcement.objects.create(
        service=municipality.services.get(),
        title="Öppen annons",  # calls are public; the secret is who applied
        description="x",
        rates_summary="x",
        contact_name="x",
        contact_email="x@example.se",
        contact_phone="x",
        published_at=timezone.now(),
    )
    # One pk for every object, so a URL's <pk> always names the owner's row.
    application = Application.objects.create(
        pk=call.pk, provider=own_unit, announcement=call
    )
    document = Document(
        pk=call.pk,
        provider=own_unit,
        municipality=municipality,
        application=application,
        kind=DocumentKind.EVIDENCE,
        name=f"{SECRET_NAME}.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=UserFactory(),
    )
    document.file.save("x", ContentFile(PDF_BYTES + SECRET_NAME.encode()))
    authorization = Authorization.objects.create(
        pk=call.pk,
        application=application,
        provider=own_unit,
        service=call.service,
        valid_from=timezone.localdate(),
    )
    Report.objects.create(
        pk=call.pk,
        authorization=authorization,
        kind=ReportKind.DEVIATION,
        severity="serious",
        occurred_on=timezone.localdate(),
        text=f"Avvikelse hos {SECRET_NAME}",
        reported_by=document.uploaded_by,
    )
    customer = Customer.objects.create(
        pk=call.pk,
        municipality=municipality,
        identity_number="191212121212",
        name=f"Kund i {SECRET_NAME}",
        area=municipality.areas.get(),
    )
    decision = NeedDecision.objects.create(
        pk=call.pk,
        customer=customer,
        service=call.service,
        hours_per_month=10,
        starts_on=timezone.localdate(),
        status="decided",
        reasons=f"Beslut i {SECRET_NAME}",
    )
    choice = Choice.objects.create(
        pk=call.pk,
        decision=decision,
        provider=own_unit,
        starts_on=timezone.localdate(),
        status="accepted",
        ordered_by=insider,
    )
    Notice.objects.create(provider=own_unit, choice=choice, kind="new_order")
    Complaint.objects.create(
        pk=call.pk,
        municipality=municipality,
        provider=own_unit,
        about_municipality=True,
        category="conduct",
        text=f"Klagomål i {SECRET_NAME}",
        name=f"Klagande i {SECRET_NAME}",
        channel="web",
        handler=insider,
        confirm_by=timezone.localdate(),
        assign_by=timezone.localdate(),
        answer_by=timezone.localdate(),
    )
    survey = Survey.objects.create(
        pk=call.pk, municipality=municipality, year=2025, kind="national",
        imported_by=insider,
    )  # fmt: skip
    SurveyResult.objects.create(
        survey=survey, provider=own_unit, question="overall",
        share_positive=80, answered=30,
    )  # fmt: skip
    QualityAccount.objects.create(
        pk=call.pk, provider=own_unit, municipality=municipality, year=2025,
        status="submitted", assistant_nurse_share=70, staff_turnover=10,
        staff_count=5, complaints_received=1, complaints_handled=1,
        improvements=f"Förbättringar i {SECRET_NAME}",
    )  # fmt: skip
    municipality.call_pk = call.pk
    return municipality


@pytest.fixture
def outsiders():
    """Anonymous, no role, every role of another municipality, another provider."""
    other = MunicipalityFactory(name="Annanstad", slug="annanstad")
    actors = {
        "anonymous": None,
        "no membership": UserFactory(),
        "user of another provider": provider_user(ProviderFactory()),
    }
    actors.update(
        {f"{role} of another": member(role, other) for role in MUNICIPAL_ROLES}
    )
    return actors


def test_every_url_declares_its_access():
    undeclared = [
        str(p.pattern) for p, _groups, _name in ROUTES if policy_of(p.callback) is None
    ]
    assert undeclared == []


def test_every_url_of_ours_is_named():
    unnamed = [
        str(p.pattern)
        for p, _groups, name in ROUTES
        if name is None and policy_of(p.callback) != DJANGO_ADMIN
    ]
    assert unnamed == []


@pytest.mark.parametrize(
    "pattern,groups,name", ROUTES, ids=[str(r[0].pattern) for r in ROUTES]
)
def test_outsiders_are_denied_or_see_only_public_data(
    pattern, groups, name, owner, outsiders
):
    policy = policy_of(pattern.callback)
    if policy == DJANGO_ADMIN and (groups or name is None):
        return  # admin object URLs share the guard of the admin pages requested
    url = url_of(name, groups, samples(slug=owner.slug, pk=owner.call_pk))
    for actor_name, user in outsiders.items():
        client = APIClient()
        if user is not None:
            client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            where = f"{method.upper()} {url} as {actor_name}"
            assert response.status_code < 500, where
            assert_house_headers(response)
            if policy.public:
                continue
            if user is not None and policy.allows(user):
                assert SECRET_NAME not in _text(response), f"leak: {where}"
            elif name == "admin:login":
                assert response.status_code in {200, 302}, where
            else:
                assert response.status_code in DENIED, where
                assert SECRET_NAME not in _text(response), f"leak: {where}"


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode(errors="replace")
