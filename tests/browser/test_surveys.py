"""The quality officer imports a survey in the browser: a bad file lists its
bad rows and imports nothing, a good one shows the results per provider."""

import pytest
from playwright.sync_api import expect

from followup.models import SurveyResult
from providers.models import Provider
from tests.accessibility import assert_accessible
from tests.browser.conftest import login

pytestmark = pytest.mark.browser
HEADER = "organisation_number;question;share_positive;answered\n"


def _upload(page, text: str) -> None:
    page.get_by_label("Enkätens år").fill("2025")
    page.get_by_role("combobox", name="Enkät").select_option(value="national")
    page.get_by_label("CSV-fil").set_input_files(
        {"name": "enkat.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Importera").click()


def _results() -> list:
    return list(SurveyResult.objects.order_by("pk").values_list("pk", "answered"))


def test_quality_officer_imports_a_survey(page, live_server, demo):
    number = Provider.objects.get(name="Omsorgshuset i Nacka AB").organisation_number
    login(page, live_server, "kvalitet.nacka")
    page.get_by_role("link", name="Enkätresultat").click()
    assert_accessible(page)
    page.get_by_role("link", name="Importera en enkäts resultat (CSV)").click()
    assert_accessible(page)
    before = _results()  # the demo's surveys
    _upload(page, HEADER + f"{number};overall;87,5;48\n{number};trust;120;48\n")
    expect(page.get_by_role("alert")).to_contain_text("Rad 3")
    assert_accessible(page)
    assert _results() == before  # the bad file imported nothing
    _upload(page, HEADER + f"{number};overall;87,5;48\n{number};trust;3;2\n")
    expect(page.get_by_role("status")).to_have_text("2 resultat importerade.")
    row = page.get_by_role("row", name="Omsorgshuset i Nacka AB")
    expect(row).to_contain_text("87,5 (48)")
    expect(row).to_contain_text("för få (2)")
    assert_accessible(page)
