"""The quality officer makes the year's annual quality reports in the
browser with a real Celery worker: starts the batch, watches the progress
bar reach done, downloads a report and publishes it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followup.models import QualityReport
from kundval.models import Job
from tests.accessibility import assert_accessible
from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def test_quality_officer_makes_and_downloads_the_reports(
    page, live_server, demo, restartable_worker
):
    year = timezone.localdate().year - 1
    restartable_worker()
    login(page, live_server, "kvalitet.nacka")
    page.get_by_role("link", name="Årliga kvalitetsrapporter").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(str(year))
    assert_accessible(page)
    page.get_by_role(
        "button", name=f"Skapa rapporterna för alla anordnare för {year}"
    ).click()
    # The page reloads itself while the job runs; the worker ends it.
    expect(page.get_by_role("progressbar")).to_have_attribute(
        "value", "100", timeout=120_000
    )
    expect(page.get_by_role("status").first).to_contain_text("Klart")
    assert_accessible(page)
    job = Job.objects.get(kind=f"quality-reports:{year}")
    assert (job.status, job.steps_done) == (Job.Status.DONE, job.steps)
    assert QualityReport.objects.filter(job=job).count() == job.steps
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner version 1").first.click()
    assert download.value.suggested_filename.endswith("-v1.pdf")
    with open(download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    page.get_by_role("button", name="Publicera version 1").first.click()
    expect(page.get_by_role("link", name="Offentlig länk")).to_have_count(1)
    assert_accessible(page)
