"""Deviation and lex Sarah reports: the provider's self-report grown into
the full report (severity, measures, IVO, the condition concerned), mailed
to the quality unit at once when serious, listed serious first, counted for
the annual report."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from authorization.models import (
    Authorization,
    Condition,
    Report,
    ReportKind,
    ReportStatus,
)
from authorization.selectors import (
    conditions_of,
    deviation_counts,
    deviation_reports,
    reports_to_handle,
)
from authorization.services import report_file, report_handle, report_ivo_record
from kundval.models import Mail, Municipality, Role
from tests.factories import member, provider_user

pytestmark = pytest.mark.django_db
K = ReportKind
TODAY = timezone.localdate


@pytest.fixture
def world(nacka_call):
    authorization = Authorization.objects.get(
        provider__slug="nacka-01", service=nacka_call.service
    )
    other = Authorization.objects.get(
        provider__slug="omsorgshuset", service=nacka_call.service
    )
    nacka = Municipality.objects.get(slug="nacka")
    trosa = Municipality.objects.get(slug="trosa")
    return {
        "call": nacka_call,
        "nacka": nacka,
        "authorization": authorization,
        "other": other,
        "provider_user": provider_user(authorization.provider),
        "other_user": provider_user(other.provider),
        "quality": member(
            Role.QUALITY_OFFICER, nacka, email="avvikelser@nacka.example.se"
        ),
        "trosa_quality": member(
            Role.QUALITY_OFFICER, trosa, email="kvalitet@trosa.example.se"
        ),
        "condition": conditions_of(nacka_call).get(code="avvikelser"),
    }


def _file(world, kind=K.DEVIATION, **fields):
    values = {
        "occurred_on": TODAY() - timedelta(days=2),
        "text": "Ett besök uteblev.",
        "severity": "low",
        "measures": "Planeringen ses över.",
        **fields,
    }
    if kind == K.LEX_SARAH:
        values.setdefault("lex_sarah_nature", "wrongdoing")
    return report_file(
        user=fields.pop("user", world["provider_user"]),
        authorization=world["authorization"],
        kind=kind,
        **{k: v for k, v in values.items() if k != "user"},
    )


def test_a_full_lex_sarah_report_is_recorded(world):
    told = TODAY() - timedelta(days=1)
    report = _file(
        world,
        K.LEX_SARAH,
        severity="very_serious",
        lex_sarah_nature="risk",
        measures="  Rutinen är omskriven.  ",
        ivo_told=True,
        ivo_told_on=told,
        condition=world["condition"],
    )
    report.refresh_from_db()
    assert (report.kind, report.severity, report.lex_sarah_nature) == (
        K.LEX_SARAH,
        "very_serious",
        "risk",
    )
    assert report.measures == "Rutinen är omskriven."
    assert (report.ivo_told, report.ivo_told_on) == (True, told)
    assert report.condition == world["condition"]
    assert report.is_serious and not report.ivo_due


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        (K.DEVIATION, {"severity": ""}, "severity"),
        (K.FAULT, {"severity": "terrible"}, "severity"),
        (K.SERIOUS_COMPLAINT, {"measures": "   "}, "measures"),
        (K.LEX_SARAH, {"lex_sarah_nature": ""}, "lex_sarah_nature"),
        (K.DEVIATION, {"ivo_told": True}, "ivo_told_on"),
        (K.DEVIATION, {"ivo_told_on": date(2026, 1, 5)}, "ivo_told_on"),
        (
            K.DEVIATION,
            {"ivo_told": True, "ivo_told_on": TODAY() + timedelta(days=1)},
            "ivo_told_on",
        ),
        (K.DEVIATION, {"occurred_on": TODAY() + timedelta(days=1)}, "occurred_on"),
    ],
)
def test_the_deviation_fields_are_required_and_checked(world, kind, fields, field):
    with pytest.raises(ValidationError) as refused:
        _file(world, kind, **fields)
    assert field in refused.value.message_dict
    assert not world["authorization"].reports.exists()


def test_the_condition_must_be_one_of_the_authorizations_call(world):
    trosa_condition = Condition.objects.filter(municipality__slug="trosa").first()
    with pytest.raises(ValidationError) as refused:
        _file(world, condition=trosa_condition)
    assert "condition" in refused.value.message_dict
    assert not world["authorization"].reports.exists()


def test_a_report_naming_a_person_carries_no_deviation_fields(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=_file(world).pk).update(kind=K.NEW_MANAGER)


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": K.DEVIATION, "severity": ""},
        {"kind": K.NEW_MANAGER, "severity": "low"},
        {"kind": K.LEX_SARAH, "severity": "low"},  # what it is, missing
        {"kind": K.FAULT, "lex_sarah_nature": "risk", "severity": "low"},
        {"kind": K.DEVIATION, "severity": "low", "ivo_told": True},
        {"kind": K.DEVIATION, "severity": "low", "ivo_told_on": date(2026, 1, 1)},
        {
            "kind": K.SUBSTITUTE,
            "ivo_told": True,
            "ivo_told_on": date(2026, 1, 1),
        },
    ],
)
def test_the_database_holds_the_invariants(world, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            authorization=world["authorization"],
            occurred_on=TODAY(),
            text="x",
            reported_by=world["provider_user"],
            **fields,
        )


@pytest.mark.parametrize(
    ("kind", "severity", "mailed"),
    [
        (K.DEVIATION, "low", False),
        (K.FAULT, "low", False),
        (K.DEVIATION, "serious", True),
        (K.FAULT, "very_serious", True),
        (K.LEX_SARAH, "low", True),
        (K.SERIOUS_COMPLAINT, "low", True),
    ],
)
def test_a_serious_one_is_mailed_to_the_quality_unit_at_once(
    world, mailoutbox, django_capture_on_commit_callbacks, kind, severity, mailed
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _file(world, kind, severity=severity)
    if not mailed:
        assert not mailoutbox
        return
    [mail] = mailoutbox
    assert "avvikelser@nacka.example.se" in mail.to
    assert "kvalitet@trosa.example.se" not in mail.to
    assert world["authorization"].provider.name in mail.subject
    assert reverse("deviation-detail", args=[report.pk]) in mail.body
    assert "Ett besök uteblev" not in mail.body  # what happened stays in Kundval
    assert Mail.objects.filter(key=f"report-serious:{report.pk}").count() == 1


def test_a_serious_lex_sarah_not_told_to_ivo_says_so(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _file(world, K.LEX_SARAH, severity="serious")
    assert report.ivo_due
    assert "Anordnaren har ännu inte underrättat IVO." in mailoutbox[0].body


def test_serious_ones_come_first_marked(world):
    low = _file(world, K.DEVIATION, severity="low")
    lex_sarah = _file(world, K.LEX_SARAH, severity="low")
    later_low = _file(world, K.FAULT, severity="low")
    quality = world["quality"]
    for listed in (
        list(deviation_reports(user=quality)),
        list(reports_to_handle(user=quality)),
    ):
        flags = [r.serious for r in listed]
        assert flags == sorted(flags, reverse=True) and flags[0]
        mine = [r for r in listed if r.authorization_id == world["authorization"].pk]
        assert mine == [lex_sarah, later_low, low]


def test_the_list_filters_by_kind_severity_status_and_year(world):
    old = _file(world, K.FAULT, severity="serious", occurred_on=date(2024, 3, 1))
    new = _file(world, K.DEVIATION, severity="low")
    quality = world["quality"]
    report_handle(user=quality, report=new, to=ReportStatus.NOTED)

    def listed(**filters):
        mine = deviation_reports(user=quality, filters=filters)
        return set(mine.filter(authorization=world["authorization"]))

    assert listed() == {old, new}
    assert listed(kind=K.FAULT) == {old}
    assert listed(severity="low") == {new}
    assert listed(status="noted") == {new}
    assert listed(year=2024) == {old}
    assert listed(year=2024, severity="low") == set()


def test_scope(world, client):
    report = _file(world, K.LEX_SARAH, severity="serious")
    # Another municipality's quality officer: not listed, 404 on the page.
    assert not deviation_reports(user=world["trosa_quality"]).filter(pk=report.pk)
    client.force_login(world["trosa_quality"])
    detail = reverse("deviation-detail", args=[report.pk])
    assert client.get(detail).status_code == 404
    listing = client.get(reverse("deviation-list"))
    assert listing.status_code == 200
    assert world["authorization"].provider.name not in listing.content.decode()
    with pytest.raises(PermissionDenied):
        report_handle(user=world["trosa_quality"], report=report, to="noted")
    # A provider sees its own reports only, and never the quality unit's list.
    client.force_login(world["other_user"])
    own = reverse("provider-authorization", args=[world["other"].pk])
    assert "Ett besök uteblev" not in client.get(own).content.decode()
    for url in (
        reverse("provider-authorization", args=[world["authorization"].pk]),
        reverse("report-new", args=[world["authorization"].pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("deviation-list")).status_code == 403
    with pytest.raises(PermissionDenied):
        report_file(
            user=world["other_user"],
            authorization=world["authorization"],
            kind=K.DEVIATION,
            occurred_on=TODAY(),
            text="x",
            severity="low",
            measures="x",
        )
    client.force_login(world["provider_user"])
    page = client.get(
        reverse("provider-authorization", args=[world["authorization"].pk])
    ).content.decode()
    assert "Ett besök uteblev" in page and "Lex Sarah-rapport" in page


def test_the_pages(world, client):
    authorization = world["authorization"]
    client.force_login(world["provider_user"])
    url = reverse("report-new", args=[authorization.pk])
    form = {
        "kind": "lex_sarah",
        "occurred_on": (TODAY() - timedelta(days=3)).isoformat(),
        "text": "Kunden fick fel läkemedel.",
        "severity": "serious",
        "lex_sarah_nature": "wrongdoing",
        "measures": "",
        "ivo_told": "on",
        "ivo_told_on": "",
        "condition": str(world["condition"].pk),
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Beskriv de åtgärder som vidtagits." in page
    assert "Kunden fick fel läkemedel." in page  # what was typed stays
    assert not authorization.reports.exists()
    form |= {
        "measures": "Signering vid varje pass.",
        "ivo_told_on": form["occurred_on"],
    }
    assert client.post(url, form).status_code == 302
    report = authorization.reports.get()
    assert report.condition == world["condition"] and report.ivo_told

    client.force_login(world["quality"])
    listing = client.get(reverse("deviation-list"), {"kind": "lex_sarah"})
    assert reverse("deviation-detail", args=[report.pk]) in listing.content.decode()
    assert client.get(reverse("deviation-list"), {"year": "x"}).status_code == 200
    detail = client.get(reverse("deviation-detail", args=[report.pk])).content.decode()
    for shown in (
        "Kunden fick fel läkemedel.",
        "Signering vid varje pass.",
        "Missförhållande",
        "Allvarligt",
        world["condition"].title,
    ):
        assert shown in detail
    noted = client.post(
        reverse("report-decide", args=[report.pk]),
        {"to": "noted", "note": "Följs upp.", "back": "deviation"},
    )
    assert noted.url == reverse("deviation-detail", args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.NOTED and report.handling_note == "Följs upp."


def test_deviation_counts(world, django_assert_num_queries):
    provider = world["authorization"].provider
    for kind, severity, on, ivo in (
        (K.DEVIATION, "low", date(2026, 2, 1), None),
        (K.DEVIATION, "serious", date(2026, 3, 1), None),
        (K.LEX_SARAH, "very_serious", date(2026, 4, 1), date(2026, 4, 3)),
        (K.FAULT, "low", date(2025, 12, 31), None),  # another year
    ):
        _file(world, kind, severity=severity, occurred_on=on,
              ivo_told=ivo is not None, ivo_told_on=ivo)  # fmt: skip
    with django_assert_num_queries(1):
        counts = deviation_counts(
            municipality_id=world["nacka"].pk, provider_id=provider.pk, year=2026
        )
    assert counts == {
        "total": 3,
        "by_kind": {"deviation": 2, "lex_sarah": 1, "fault": 0, "serious_complaint": 0},
        "by_severity": {"low": 1, "serious": 1, "very_serious": 1},
        "ivo_told": 1,
    }
    trosa = Municipality.objects.get(slug="trosa")
    assert deviation_counts(municipality_id=trosa.pk, year=2026)["total"] == 0


def test_the_demos_deviations(world):
    """Every kind and severity in Nacka, one lex Sarah told to IVO."""
    counts = deviation_counts(municipality_id=world["nacka"].pk, year=2026)
    assert all(counts["by_kind"].values()) and all(counts["by_severity"].values())
    assert counts["ivo_told"] == 1
    assert Report.objects.filter(kind=K.LEX_SARAH, ivo_told=True).count() == 1


def test_the_provider_records_later_that_it_told_ivo(world, client):
    report = _file(world, K.LEX_SARAH, severity="serious", occurred_on=TODAY())
    assert report.ivo_due
    for user in (world["other_user"], world["quality"]):
        with pytest.raises(PermissionDenied):
            report_ivo_record(user=user, report=report, told_on=TODAY())
    for told_on in (None, TODAY() + timedelta(days=1), TODAY() - timedelta(days=1)):
        with pytest.raises(ValidationError):
            report_ivo_record(
                user=world["provider_user"], report=report, told_on=told_on
            )
    client.force_login(world["other_user"])
    url = reverse("report-ivo", args=[report.pk])
    assert client.post(url, {"told_on": TODAY().isoformat()}).status_code == 404
    client.force_login(world["provider_user"])
    page = reverse("provider-authorization", args=[world["authorization"].pk])
    assert url in client.get(page).content.decode()
    assert client.post(url, {"told_on": TODAY().isoformat()}).url == page
    report.refresh_from_db()
    assert (report.ivo_told, report.ivo_told_on, report.ivo_due) == (
        True,
        TODAY(),
        False,
    )
    assert url not in client.get(page).content.decode()
    with pytest.raises(ValidationError):  # once
        report_ivo_record(user=world["provider_user"], report=report, told_on=TODAY())
