"""The manager and the substitute: named with dated work periods on their own
page, and shown to the quality unit with the qualification computed."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from authorization.models import Manager, WorkKind, WorkPeriod
from authorization.qualification import (
    Period,
    full_time_days,
    manager_requirements,
    years,
)
from authorization.selectors import conditions_of, manager_qualification
from authorization.services import (
    application_save,
    application_start,
    application_submit,
    manager_save,
)
from kundval.models import Role
from tests.authorization.conftest import (
    QUALIFIED_MANAGER,
    QUALIFIED_PERIODS,
    complete_application,
    submit_application,
)
from tests.factories import ProviderFactory, member, provider_user

pytestmark = pytest.mark.django_db

CARE, LEAD = WorkKind.CARE_WORK.value, WorkKind.SUPERVISING.value
# Two care-work jobs overlapping in 2021, and supervising since 2023.
PERIODS = [
    (CARE, "Omsorg AB, undersköterska", "2020-01-01", "2021-12-31", "100"),
    (CARE, "Hemtjänst AB, undersköterska", "2021-01-01", "2022-12-31", "50"),
    (LEAD, "Hemtjänst AB, enhetschef", "2023-01-01", "", "100"),
]
FIELDS = ["kind", "employer", "start", "end", "percent"]


@pytest.fixture
def applicant(nacka_call):
    """A provider's user and its new draft."""
    provider = ProviderFactory()
    user = provider_user(provider)
    application = application_start(
        user=user, provider=provider, announcement=nacka_call
    )
    return application, user


@pytest.fixture
def draft(client, applicant):
    client.force_login(applicant[1])
    return applicant[0]


def _url(application, role="manager") -> str:
    return reverse("application-manager", args=[application.pk, role])


def _person(name: str, periods, shown: int = 0) -> dict:
    """The manager page's form; `shown` rows came filled in from the last save."""
    data = {
        "name": name,
        "education": "Socionom",
        "education_years": "3",
        "yh_credits": "0",
        "fluent_swedish": "on",
        "form-TOTAL_FORMS": str(len(periods)),
        "form-INITIAL_FORMS": str(shown),
    }
    for number, period in enumerate(periods):
        data.update(
            {f"form-{number}-{k}": v for k, v in zip(FIELDS, period, strict=True)}
        )
    return data


def _stored(application) -> list[tuple]:
    """The stored periods, written as the form's rows are."""
    return sorted(
        (p.kind, p.employer, str(p.start), str(p.end or ""), str(p.percent))
        for p in WorkPeriod.objects.filter(manager__application=application)
    )


def test_periods_are_saved_and_replaced_on_the_next_save(client, draft):
    assert client.post(_url(draft), _person("Maja Ledare", PERIODS)).status_code == 302
    assert _stored(draft) == sorted(PERIODS)
    fewer = PERIODS[1:]
    assert client.post(_url(draft), _person("Maja Lund", fewer)).status_code == 302
    assert _stored(draft) == sorted(fewer)
    assert Manager.objects.get(application=draft).name == "Maja Lund"


def test_saving_the_page_as_shown_keeps_its_periods(client, draft):
    client.post(_url(draft), _person("Maja Ledare", PERIODS))
    assert client.get(_url(draft)).context["periods"].initial_form_count() == 3
    # The browser sends the three rows back as they were shown; only the name changed.
    client.post(_url(draft), _person("Maja Lund", PERIODS, shown=3))
    assert Manager.objects.get(application=draft).name == "Maja Lund"
    assert _stored(draft) == sorted(PERIODS)


@pytest.mark.parametrize(
    "period",
    [
        (CARE, "Omsorg AB", "2021-12-31", "2020-01-01", "100"),
        (CARE, "Omsorg AB", "2020-01-01", "2021-12-31", "0"),
        (CARE, "Omsorg AB", "2020-01-01", "2021-12-31", "101"),
    ],
    ids=["ends-before-start", "0-percent", "101-percent"],
)
def test_a_wrong_period_is_a_form_error_and_nothing_is_saved(client, draft, period):
    response = client.post(_url(draft), _person("Maja Ledare", [period]))
    assert response.status_code == 200
    assert not response.context["periods"].is_valid()
    assert response.context["periods"].errors[0]
    assert not Manager.objects.filter(application=draft).exists()
    assert _stored(draft) == []


def test_unknown_role_is_not_found(client, draft):
    assert client.get(_url(draft, "boss")).status_code == 404


def test_a_submitted_application_has_no_manager_page(client, nacka_call):
    application, applicant = submit_application(nacka_call, ProviderFactory())
    client.force_login(applicant)
    assert client.get(_url(application)).status_code == 404
    assert client.post(_url(application), _person("X", PERIODS)).status_code == 404
    assert (
        Manager.objects.get(application=application, role="manager").name
        == (QUALIFIED_MANAGER["name"])
    )


def test_the_review_page_shows_the_qualification(client, nacka_call, applicant):
    application, user = applicant
    application_save(
        user=user,
        application=application,
        answers={c.pk: "Så uppfyller vi det." for c in conditions_of(nacka_call)},
        area_ids=list(nacka_call.areas.values_list("pk", flat=True)[:1]),
    )
    complete_application(user, application)
    one_year_leading = {**QUALIFIED_PERIODS[1], "end": date(2023, 12, 31)}
    manager_save(
        user=user,
        application=application,
        role="substitute",
        person={**QUALIFIED_MANAGER, "name": "Sven Vikarie"},
        periods=[QUALIFIED_PERIODS[0], one_year_leading],
    )
    application_submit(user=user, application=application)

    client.force_login(member(Role.QUALITY_OFFICER, nacka_call.service.municipality))
    response = client.get(reverse("review-detail", args=[application.pk]))
    page = response.content.decode()
    assert "Maja Ledare" in page and "Sven Vikarie" in page
    assert "<td>4,00 år av 2</td>" in page  # care work 2019–2022, full time
    people = {
        manager.name: requirements
        for manager, requirements in response.context["people"]
    }
    leading = _requirement(
        people["Sven Vikarie"], "Two years supervising staff and operations"
    )
    assert (leading.met, leading.figure) == (False, "1,00 år av 2")
    assert f"<td>{leading.figure}</td>" in page
    assert _requirement(
        people["Maja Ledare"], "Two years supervising staff and operations"
    ).met


def _requirement(requirements, label: str):
    return next(r for r in requirements if r.label == _(label))


def test_qualification_of_a_stored_manager_counts_overlap_once(applicant):
    periods = [
        {
            "kind": CARE,
            "employer": "A",
            "start": date(2020, 1, 1),
            "end": date(2021, 12, 31),
            "percent": 100,
        },
        {
            "kind": CARE,
            "employer": "B",
            "start": date(2021, 1, 1),
            "end": date(2022, 12, 31),
            "percent": 50,
        },
    ]
    manager = manager_save(
        user=applicant[1],
        application=applicant[0],
        role="manager",
        person=QUALIFIED_MANAGER,
        periods=periods,
    )
    as_of = date(2023, 6, 30)
    direct = manager_requirements(
        care_work=[Period(p["start"], p["end"], p["percent"]) for p in periods],
        supervising=[],
        education_years=QUALIFIED_MANAGER["education_years"],
        yh_credits=0,
        education_abroad=False,
        validated_by_uhr=False,
        fluent_swedish=True,
        as_of=as_of,
    )
    computed = manager_qualification(manager, as_of=as_of)
    assert computed == direct
    # 2021 counts once: 2020–2021 full time, then 2022 at half time.
    once = full_time_days(
        [
            Period(date(2020, 1, 1), date(2021, 12, 31), 100),
            Period(date(2022, 1, 1), date(2022, 12, 31), 50),
        ]
    )
    care = _requirement(
        computed, "Two years of full-time care work within the last ten years"
    )
    assert care.figure == f"{number_format(years(once), 2)} år av 2"
