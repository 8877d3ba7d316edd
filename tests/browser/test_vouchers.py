"""The voucher journey in the browser (issue 6): a Nacka provider uploads
last month's visits as CSV, the finance officer computes the month, approves
the provider's settlement and downloads the CSV for the finance system.

The clock is set to the 3rd of this month: last month has ended (so it can
be approved) but has not locked (Nacka's lock day is the 5th), so the
uploaded time is paid in last month rather than as a correction in this one.
Buttons are found by their forms, not their (translated) text."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import Count, Q
from playwright.sync_api import expect

from customers.models import Choice, ChoiceStatus
from tests.accessibility import assert_accessible
from tests.browser.conftest import login
from vouchers.calendar import STOCKHOLM
from vouchers.models import Settlement, SettlementStatus

pytestmark = pytest.mark.browser


def _months():
    """Today (the 3rd of this month, 10:00 in Stockholm) and last month."""
    today = datetime.now(STOCKHOLM).date().replace(day=3)
    last = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return datetime.combine(today, time(10), tzinfo=STOCKHOLM), last


def _choices_of_a_private_provider(last_month):
    """Two accepted choices of the Nacka private provider with the most
    customers all through last month. The demo was just bulk-inserted: with
    no statistics yet the planner nests loops over every table of the join
    (minutes), so they are gathered first."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    through_last_month = Choice.objects.filter(
        decision__customer__municipality__slug="nacka",
        provider__kind="private",
        status=ChoiceStatus.ACCEPTED,
        starts_on__lte=last_month,
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=last_month.replace(day=28)))
    provider_id = (
        through_last_month.values("provider")
        .annotate(n=Count("pk"))
        .order_by("-n", "provider")[0]["provider"]
    )
    choices = list(
        through_last_month.filter(provider_id=provider_id)
        .select_related("provider")
        .order_by("pk")[:2]
    )
    assert len(choices) == 2, "the demo has no private provider with two customers"
    return choices


def _csv(choices, last_month) -> bytes:
    """An hour and a half on the month's second Tuesday morning for each:
    the weekday band, 310 SEK an hour for a private provider."""
    day = last_month.replace(day=8)
    day += timedelta(days=(1 - day.weekday()) % 7)
    rows = ["choice;start;end;category;staff;approved"]
    rows += [
        f"{c.pk};{day}T08:00;{day}T09:30;personal_care;A{n};1"
        for n, c in enumerate(choices)
    ]
    return ("\n".join(rows) + "\n").encode()


def test_upload_settle_approve_and_export(page, live_server, demo_volumes):
    now, last_month = _months()
    with time_machine.travel(now, tick=True):
        choices = _choices_of_a_private_provider(last_month)
        provider = choices[0].provider
        # The demo reports every month's time for everyone: this provider
        # starts last month from nothing, so the file is all it is paid for.
        provider.visits.filter(settle_month=last_month).delete()
        _upload(page, live_server, provider, _csv(choices, last_month), last_month)
        content = _settle_and_export(page, live_server, provider, last_month)
    assert content.startswith("\ufeff")
    assert provider.organisation_number in content
    rows = [row.split(";") for row in content.lstrip("\ufeff").splitlines()]
    assert rows[-1] == [
        provider.organisation_number,
        provider.name,
        f"{last_month:%Y-%m}",
        "Summa",
        "",
        "",
        "",
        "930.00",
    ]
    settlement = Settlement.objects.get(provider=provider, month=last_month)
    assert settlement.status == SettlementStatus.EXPORTED


def _upload(page, live_server, provider, content: bytes, last_month):
    login(page, live_server, f"anordnare.{provider.slug}")
    page.goto(live_server.url + "/anordnare/tid/ladda-upp/")
    assert_accessible(page)
    page.locator("#id_file").set_input_files(
        files=[{"name": "besok.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.locator("form[enctype] button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/anordnare/tid/")
    # The demo's earlier months stay; nothing lands in a later month.
    visits = provider.visits.filter(settle_month__gte=last_month)
    assert [v.settle_month for v in visits] == [last_month, last_month]


def _settle_and_export(page, live_server, provider, last_month) -> str:
    login(page, live_server, "ekonomi.nacka")
    page.goto(live_server.url + "/ekonomi/")
    page.locator("a[href='/ekonomi/ersattning/']").click()
    page.locator("#id_month").fill(f"{last_month:%Y-%m}")
    page.locator("form:has(#id_month) button[type=submit]").click()
    assert_accessible(page)
    page.locator("form[action$='/ersattning/berakna/'] button").click()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")
    row = page.get_by_role("row").filter(has_text=provider.name)
    expect(row).to_contain_text("930,00")
    assert_accessible(page)
    row.get_by_role("link", name=provider.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(provider.name)
    expect(page.locator("tfoot")).to_contain_text("930,00")
    assert_accessible(page)
    page.locator("form:has(input[name=to][value=approved]) button").click()
    expect(page.locator("form:has(input[name=to][value=draft])")).to_be_visible()
    assert_accessible(page)
    page.locator("main a[href^='/ekonomi/ersattning/?']").first.click()
    with page.expect_download() as download:
        page.locator("form[action$='/ersattning/export/'] button").click()
    assert download.value.suggested_filename == (
        f"ersattning-nacka-{last_month:%Y-%m}.csv"
    )
    with open(download.value.path(), encoding="utf-8") as file:
        return file.read()
