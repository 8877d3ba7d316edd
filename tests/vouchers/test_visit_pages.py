"""The provider's time pages through the test client: the month list (and
its access log), a visit by form, the CSV upload with its row errors, the
customer's approval, change and removal; another provider gets 404."""

from datetime import datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kundval.models import AccessLog
from tests.customers.conftest import TODAY
from vouchers.calendar import STOCKHOLM
from vouchers.models import Visit
from vouchers.services.visits import VisitInput, visits_record

YESTERDAY = TODAY() - timedelta(days=1)
MONTH = YESTERDAY.strftime("%Y-%m")


def at(hour, day=YESTERDAY):
    return datetime.combine(day, time(hour), tzinfo=STOCKHOLM)


def report(world, choice, start=8, end=9, day=YESTERDAY):
    (visit,) = visits_record(
        user=world["first_user"],
        items=[VisitInput(choice.pk, at(start, day), at(end, day), "personal_care")],
        source="form",
    )
    return visit


@pytest.fixture
def first(client, world):
    client.force_login(world["first_user"])
    return client


def test_the_month_lists_visits_and_logs_each_customer(first, world, accepted):
    report(world, accepted)
    report(world, accepted, 8, 10)
    answer = first.get(reverse("visit-month"), {"manad": MONTH})
    assert answer.status_code == 200
    assert [v.pk for v in answer.context["page"]] == list(
        Visit.objects.order_by("starts_at", "pk").values_list("pk", flat=True)
    )
    assert world["customer"].name in answer.content.decode()
    assert world["customer"].identity_number not in answer.content.decode()
    assert all(v.overlaps for v in answer.context["page"])
    logged = AccessLog.objects.filter(what="visits", user=world["first_user"])
    assert list(logged.values_list("customer_id", flat=True)) == [world["customer"].pk]


def test_a_month_in_year_9999_shows_this_month(first, world, accepted):
    answer = first.get(reverse("visit-month"), {"manad": "9999-12"})
    assert answer.status_code == 200
    assert answer.context["month"] == TODAY().replace(day=1)


def test_an_empty_month_logs_nothing(first, world, accepted):
    report(world, accepted)
    earlier = (YESTERDAY.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    answer = first.get(reverse("visit-month"), {"manad": earlier})
    assert list(answer.context["page"]) == []
    assert not AccessLog.objects.filter(what="visits").exists()


def test_another_provider_sees_none_and_gets_404_on_a_visit(client, world, accepted):
    visit = report(world, accepted)
    client.force_login(world["second_user"])
    listed = client.get(reverse("visit-month"), {"manad": MONTH})
    assert list(listed.context["page"]) == []
    assert client.get(reverse("visit-change", args=[visit.pk])).status_code == 404
    assert client.post(reverse("visit-remove", args=[visit.pk])).status_code == 404
    client.post(reverse("visit-approve"), {"visit": [visit.pk]})
    assert Visit.objects.get().approved_at is None
    assert not AccessLog.objects.filter(customer_id=world["customer"].pk,
                                        user=world["second_user"]).exists()  # fmt: skip


def test_a_case_officer_is_refused(client, world, accepted):
    client.force_login(world["officer"])
    assert client.get(reverse("visit-month")).status_code == 403


def test_a_visit_by_form(first, world, accepted):
    form = first.get(reverse("visit-new"))
    assert form.status_code == 200
    assert list(form.context["form"].fields["choice"].queryset) == [accepted]
    assert AccessLog.objects.filter(what="visit form").count() == 1
    answer = first.post(
        reverse("visit-new"),
        {
            "choice": accepted.pk,
            "start": f"{YESTERDAY}T08:00",
            "end": f"{YESTERDAY}T09:30",
            "category": "service",
            "staff": "A1",
            "approved": "on",
        },
    )
    assert answer.status_code == 302
    visit = Visit.objects.get()
    assert visit.starts_at == at(8)
    assert (visit.category, visit.source, visit.approved_at is not None) == (
        "service",
        "form",
        True,
    )


def test_a_bad_visit_shows_the_errors_and_stores_nothing(first, world, accepted):
    answer = first.post(
        reverse("visit-new"),
        {
            "choice": accepted.pk,
            "start": f"{YESTERDAY}T09:00",
            "end": f"{YESTERDAY}T08:00",
            "category": "service",
        },
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["end"]
    assert not Visit.objects.exists()


def test_the_upload_imports_or_lists_row_errors(first, world, accepted):
    header = "choice;start;end;category;staff;approved\n"
    good = f"{accepted.pk};{YESTERDAY}T08:00;{YESTERDAY}T09:00;personal_care;;1\n"
    bad = f"{accepted.pk};{YESTERDAY}T10:00;{YESTERDAY}T09:00;personal_care;;\n"
    page = first.get(reverse("visit-upload"))
    assert "choice;start;end;category;staff;approved" in page.content.decode()
    failed = first.post(
        reverse("visit-upload"),
        {"file": SimpleUploadedFile("t.csv", (header + good + bad).encode())},
    )
    assert failed.status_code == 200
    assert [line for line, _messages in failed.context["errors"]] == [3]
    assert not Visit.objects.exists()
    done = first.post(
        reverse("visit-upload"),
        {"file": SimpleUploadedFile("t.csv", (header + good).encode("utf-8-sig"))},
    )
    assert done.status_code == 302
    assert Visit.objects.get().source == "csv"


def test_selected_visits_are_approved(first, world, accepted):
    one, two = report(world, accepted), report(world, accepted, 10, 11)
    answer = first.post(reverse("visit-approve"), {"visit": [one.pk], "manad": MONTH})
    assert answer.status_code == 302
    assert MONTH in answer["Location"]
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.approved_at is not None and two.approved_at is None


def test_change_and_remove(first, world, accepted):
    visit = report(world, accepted)
    page = first.get(reverse("visit-change", args=[visit.pk]))
    assert page.status_code == 200
    assert AccessLog.objects.filter(what="visit").count() == 1
    changed = first.post(
        reverse("visit-change", args=[visit.pk]),
        {
            "start": f"{YESTERDAY}T07:00",
            "end": f"{YESTERDAY}T08:00",
            "category": "personal_care",
            "staff": "",
        },
    )
    assert changed.status_code == 302
    visit.refresh_from_db()
    assert visit.starts_at == at(7)
    removed = first.post(reverse("visit-remove", args=[visit.pk]))
    assert removed.status_code == 302
    assert not Visit.objects.exists()


def test_a_correction_is_marked_in_the_list(first, world, accepted):
    old_day = (TODAY().replace(day=1) - timedelta(days=40)).replace(day=10)
    visit = report(world, accepted, day=old_day)
    answer = first.get(reverse("visit-month"), {"manad": old_day.strftime("%Y-%m")})
    assert [v.pk for v in answer.context["page"]] == [visit.pk]
    assert visit.settle_month > old_day.replace(day=1)
    assert f"{visit.settle_month:%Y-%m}" in answer.content.decode()
