"""The settlement pages through the client: the finance officer computes,
reads, approves, reopens and exports a month; the provider sees only its
own; other municipalities, other providers and other roles get nothing."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import DatabaseError
from django.urls import reverse

from kundval.models import AccessLog, Job, Role
from tests.factories import MunicipalityFactory, member
from tests.pdf import pdf_text
from tests.vouchers import test_settlements
from tests.vouchers.test_settlements import months_ago, this_month, worked
from vouchers.models import Settlement, SettlementStatus
from vouchers.settlement import jobs
from vouchers.settlement.run import settlement_run

S = SettlementStatus
# The service tests' fixtures: a finance officer of Nacka, and last month's
# settlement of Första AB (2 h at 310 SEK, half an hour in no band).
finance = test_settlements.finance
last_month = test_settlements.last_month


def month_query(world, month) -> dict:
    return {"municipality": world["nacka"].pk, "month": f"{month:%Y-%m}"}


@pytest.fixture
def as_finance(client, finance):
    client.force_login(finance)
    return client


def test_the_month_page_lists_the_settlements(world, last_month, as_finance):
    response = as_finance.get(
        reverse("settlement-month"), month_query(world, last_month.month)
    )
    assert response.status_code == 200
    assert response.context["settlements"] == [last_month]
    shown = response.context["settlements"][0]
    assert (shown.unpaid_hours, shown.unapproved_hours) == (
        Decimal("0.50"),
        Decimal("0.00"),
    )
    html = response.content.decode()
    assert reverse("settlement-detail", args=[last_month.pk]) in html
    assert "620,00" in html  # Swedish decimal comma
    assert "Refresh" not in response  # no job runs


def test_compute_the_month_runs_the_job_and_shows_its_progress(
    world,
    accepted,
    as_finance,
    django_capture_on_commit_callbacks,
):
    month = months_ago(1)
    worked(accepted, month)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_finance.post(reverse("settlement-run"), month_query(world, month))
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.status, job.progress) == (Job.Status.DONE, 100)
    settlement = Settlement.objects.get(month=month)
    assert settlement.total == Decimal("620.00")
    page = as_finance.get(response.url)
    assert page.context["job"] == job
    assert '<progress class="job-progress' in page.content.decode()
    assert 'max="100" value="100"' in page.content.decode()
    assert "Refresh" not in page


def test_a_failing_part_shows_on_the_page_and_stores_nothing(
    world, accepted, as_finance, monkeypatch, django_capture_on_commit_callbacks
):
    """Tasks run in the web process (no broker, as `make run`): a part that
    fails is a failed job on the page, not an error page."""
    month = months_ago(1)
    worked(accepted, month)

    def times_out(**_arguments):
        raise DatabaseError("canceling statement due to statement timeout")

    monkeypatch.setattr(jobs, "settlement_run", times_out)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_finance.post(reverse("settlement-run"), month_query(world, month))
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert not Settlement.objects.exists()
    page = as_finance.get(response.url).content.decode()
    assert "Jobbet misslyckades." in page
    assert "statement timeout" not in page  # the details are in the log


def test_a_month_without_municipality_shows_the_user_s_first(
    world, last_month, as_finance
):
    month = f"{last_month.month:%Y-%m}"
    response = as_finance.get(reverse("settlement-month"), {"month": month})
    assert response.context["municipality"] == world["nacka"]
    assert response.context["settlements"] == [last_month]


def test_the_month_page_reloads_while_the_job_runs(world, tariff, as_finance):
    month = months_ago(1)
    Job.objects.create(
        kind=f"settlement:{month:%Y-%m}",
        municipality=world["nacka"],
        status=Job.Status.RUNNING,
        steps=4,
        steps_done=1,
        progress=25,
    )
    response = as_finance.get(reverse("settlement-month"), month_query(world, month))
    assert response["Refresh"] == "3"
    html = response.content.decode()
    assert 'max="100" value="25"' in html
    assert 'role="status"' in html


def test_the_detail_page_shows_lines_unpaid_visits_and_history(
    world, last_month, as_finance
):
    response = as_finance.get(reverse("settlement-detail", args=[last_month.pk]))
    assert response.status_code == 200
    context = response.context
    assert [(x.label, x.amount) for x in context["lines"]] == [
        ("Måndag–fredag 06–19", Decimal("620.00"))
    ]
    assert [row["hours"] for row in context["unpaid"]] == [Decimal("0.50")]
    assert context["can_approve"] and not context["can_reopen"]
    assert [e.note for e in context["events"]]  # computed, by the system
    html = response.content.decode()
    assert world["customer"].name not in html
    assert world["first"].organisation_number in html
    assert '<td class="text-end">310</td>' in html  # the rate, not 310,000
    # The unpaid visits are a customer's data: the read is logged.
    assert AccessLog.objects.filter(
        customer_id=world["customer"].pk, user=context["user"]
    ).exists()


def test_approve_then_reopen_with_a_reason(world, last_month, as_finance):
    url = reverse("settlement-transition", args=[last_month.pk])
    assert as_finance.post(url, {"to": S.APPROVED}).status_code == 302
    assert Settlement.objects.get(pk=last_month.pk).status == S.APPROVED
    page = as_finance.get(reverse("settlement-detail", args=[last_month.pk]))
    assert page.context["can_reopen"] and not page.context["can_approve"]
    as_finance.post(url, {"to": S.DRAFT, "note": ""})
    assert Settlement.objects.get(pk=last_month.pk).status == S.APPROVED
    as_finance.post(url, {"to": S.DRAFT, "note": "Fel timmar i band 2."})
    settlement = Settlement.objects.get(pk=last_month.pk)
    assert settlement.status == S.DRAFT
    assert settlement.events.order_by("pk").last().note == "Fel timmar i band 2."
    assert as_finance.post(url, {"to": "paid"}).status_code == 404


def test_this_month_cannot_be_approved_yet(world, accepted, as_finance):
    worked(accepted, this_month())
    settlement_run(municipality_id=world["nacka"].pk, month=this_month())
    settlement = Settlement.objects.get()
    page = as_finance.get(reverse("settlement-detail", args=[settlement.pk]))
    assert page.context["approve_later"] and not page.context["can_approve"]
    as_finance.post(
        reverse("settlement-transition", args=[settlement.pk]), {"to": S.APPROVED}
    )
    assert Settlement.objects.get().status == S.DRAFT


def test_export_downloads_a_csv_excel_reads(world, last_month, as_finance):
    Settlement.objects.filter(pk=last_month.pk).update(status=S.APPROVED)
    response = as_finance.post(
        reverse("settlement-export"), month_query(world, last_month.month)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    name = f"ersattning-nacka-{last_month.month:%Y-%m}.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(
        csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    )
    assert rows[-1][0] == world["first"].organisation_number
    assert rows[-1][3:] == ["Summa", "", "", "", "620.00"]
    assert Settlement.objects.get(pk=last_month.pk).status == S.EXPORTED


def test_export_of_a_month_with_nothing_approved_says_so(world, last_month, as_finance):
    response = as_finance.post(
        reverse("settlement-export"), month_query(world, last_month.month)
    )
    assert response.status_code == 302
    assert Settlement.objects.get(pk=last_month.pk).status == S.DRAFT


def test_the_pdf_statement(world, last_month, as_finance, tmp_path):
    response = as_finance.get(reverse("settlement-pdf", args=[last_month.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    for expected in ("Första AB", "Måndag–fredag 06–19", "310", "620,00", "0,50"):
        assert expected in text, expected


def test_another_municipality_is_404(world, last_month, client):
    client.force_login(member(Role.FINANCE_OFFICER, MunicipalityFactory(name="Gnesta")))
    for name in ("settlement-detail", "settlement-pdf"):
        assert client.get(reverse(name, args=[last_month.pk])).status_code == 404
    url = reverse("settlement-transition", args=[last_month.pk])
    assert client.post(url, {"to": S.APPROVED}).status_code == 404
    query = month_query(world, last_month.month)
    assert client.get(reverse("settlement-month"), query).status_code == 404
    assert client.post(reverse("settlement-run"), query).status_code == 404
    assert client.post(reverse("settlement-export"), query).status_code == 404
    assert Settlement.objects.get(pk=last_month.pk).status == S.DRAFT


@pytest.mark.parametrize("role", [Role.CASE_OFFICER, Role.QUALITY_OFFICER])
def test_other_roles_are_403(world, last_month, client, role):
    client.force_login(member(role, world["nacka"]))
    query = month_query(world, last_month.month)
    assert client.get(reverse("settlement-month"), query).status_code == 403
    for name in ("settlement-detail", "settlement-pdf"):
        assert client.get(reverse(name, args=[last_month.pk])).status_code == 403
    assert client.post(reverse("settlement-export"), query).status_code == 403


def test_a_provider_sees_its_own_settlements(world, last_month, client):
    client.force_login(world["first_user"])
    listing = client.get(reverse("provider-settlements"))
    assert listing.status_code == 200
    assert listing.context["settlements"] == [last_month]
    detail = client.get(reverse("provider-settlement", args=[last_month.pk]))
    assert detail.status_code == 200
    assert [x.amount for x in detail.context["lines"]] == [Decimal("620.00")]
    assert "620,00" in detail.content.decode()
    pdf = client.get(reverse("provider-settlement-pdf", args=[last_month.pk]))
    assert pdf.content.startswith(b"%PDF")
    # Reading its own settlement, the provider user may not use finance pages.
    assert client.get(reverse("settlement-month")).status_code == 403


def test_another_provider_gets_404(world, last_month, client):
    client.force_login(world["second_user"])
    assert client.get(reverse("provider-settlements")).context["settlements"] == []
    for name in ("provider-settlement", "provider-settlement-pdf"):
        assert client.get(reverse(name, args=[last_month.pk])).status_code == 404
