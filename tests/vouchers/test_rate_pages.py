"""The finance officer's rate pages through the Django client: the list, a
tariff with Nacka's table and its major holidays, the band form and its
errors, the copy, the preview that prices a visit, and who may see what."""

import re
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kundval.models import Role
from tests.accessibility import assert_accessible
from tests.customers.conftest import TODAY
from tests.factories import PASSWORD, MunicipalityFactory, ServiceFactory, member
from vouchers.demo import NACKA_BANDS, tariff_load
from vouchers.models import MajorHolidayRule, SettlementTerms, Tariff

NEXT_YEAR = TODAY().replace(year=TODAY().year + 1, month=1, day=1)


@pytest.fixture
def finance(world):
    return member(Role.FINANCE_OFFICER, world["nacka"])


@pytest.fixture
def english(client, settings, finance):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(finance)
    return client


@pytest.fixture
def elsewhere(db):
    """Another municipality with a tariff of its own."""
    municipality = MunicipalityFactory(name="Värmdö", slug="varmdo")
    service = ServiceFactory(municipality=municipality, name="Värmdö hemtjänst")
    return tariff_load(service, "Värmdö 2026", NACKA_BANDS, [])


def cell_texts(html: str, header: str) -> list[str]:
    """The text of each cell in the row headed `header`, spaces collapsed."""
    row = html.split(f'<th scope="row">{header}</th>')[1].split("</tr>")[0]
    cells = row.split("<td")[1:]
    return [" ".join(re.sub(r"<[^>]*>", " ", "<td" + c).split()) for c in cells]


def test_the_list_shows_the_officers_tariffs_by_state(english, tariff, elsewhere):
    response = english.get(reverse("tariff-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("tariff-detail", args=[tariff.pk])}"' in html
    assert 'data-state="current"' in html and "Current" in html
    assert "Värmdö" not in html
    assert reverse("major-holidays", args=["nacka"]) in html
    assert reverse("lock-day", args=["nacka"]) in html


def test_the_start_page_links_to_the_rate_pages(english):
    html = english.get(reverse("start-finance")).content.decode()
    for url in (
        reverse("tariff-list"),
        reverse("major-holidays", args=["nacka"]),
        reverse("lock-day", args=["nacka"]),
    ):
        assert f'href="{url}"' in html


def test_the_tariff_page_shows_nackas_table(english, tariff):
    response = english.get(reverse("tariff-detail", args=[tariff.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('id="band-table"')[1].split("</table>")[0]
    weekday = cell_texts(table, "Måndag–fredag 06–19")
    assert weekday[0] == "Mon–Fri 06:00–19:00"
    assert weekday[1:4] == ["293", "310", "per hour"]
    assert cell_texts(table, "Måndag–torsdag 19–22")[:3] == [
        "Mon–Thu 19:00–22:00",
        "324",
        "342",
    ]
    weekend = cell_texts(table, "Fredag kväll, lördag–söndag, storhelger")
    assert weekend[0] == (
        "Fri 19:00–24:00 Sat–Sun, public holidays and eves all day Major holidays"
    )
    assert weekend[1:3] == ["369", "390"]
    assert cell_texts(table, "Service (alla tider)")[1:3] == ["246", "263"]
    # Started: no edit links, and the page says why.
    assert "started on" in html and reverse("band-new", args=[tariff.pk]) not in html


def test_the_tariff_page_shows_this_years_major_holidays(english, tariff):
    html = english.get(reverse("tariff-detail", args=[tariff.pk])).content.decode()
    windows = html.split('id="holiday-windows"')[1].split("</table>")[0]
    easter = cell_texts(windows, "Easter (Good Friday to Easter Monday)")
    assert (
        len(easter) == 2 and easter[0].endswith("18:00") and easter[1].endswith("07:00")
    )
    if TODAY().year == 2026:
        assert easter == ["2 April 2026 18:00", "7 April 2026 07:00"]
    assert "Christmas (24–26 December)" in windows
    assert "Whitsun" not in windows  # not among the rules


def test_another_municipalitys_tariff_is_404_and_other_roles_403(
    client, world, tariff, elsewhere, finance
):
    client.force_login(finance)
    for name, args in [
        ("tariff-detail", [elsewhere.pk]),
        ("tariff-copy", [elsewhere.pk]),
        ("tariff-change", [elsewhere.pk]),
        ("band-new", [elsewhere.pk]),
        ("band-edit", [elsewhere.bands.first().pk]),
        ("major-holidays", ["varmdo"]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    delete = reverse("tariff-delete", args=[elsewhere.pk])
    assert client.post(delete).status_code == 404
    assert Tariff.objects.filter(pk=elsewhere.pk).exists()
    client.force_login(world["officer"])
    assert client.get(reverse("tariff-detail", args=[tariff.pk])).status_code == 403
    assert client.get(reverse("tariff-list")).status_code == 403


def test_the_preview_prices_a_visit_across_19(english, tariff):
    # Monday 2 March 2026, 18:00-20:00, a private provider: 310 + 342.
    response = english.get(
        reverse("tariff-detail", args=[tariff.pk]),
        {
            "starts_at": "2026-03-02T18:00",
            "ends_at": "2026-03-02T20:00",
            "category": "personal_care",
            "provider_kind": "private",
        },
    )
    html = response.content.decode()
    assert response.context["preview_total"] == Decimal("652.00")
    preview = html.split('id="preview-table"')[1].split("</table>")[0]
    assert cell_texts(preview, "Måndag–fredag 06–19") == ["1.00", "310.00", "310.00"]
    assert cell_texts(preview, "Måndag–torsdag 19–22") == ["1.00", "342.00", "342.00"]
    assert '<td class="text-end" id="preview-total">652.00</td>' in html


def test_a_preview_ending_before_it_starts_is_an_error(english, tariff):
    response = english.get(
        reverse("tariff-detail", args=[tariff.pk]),
        {
            "starts_at": "2026-03-02T18:00",
            "ends_at": "2026-03-02T17:00",
            "category": "personal_care",
            "provider_kind": "private",
        },
    )
    assert "preview" not in response.context
    assert 'id="preview-errors"' in response.content.decode()


def test_copy_then_add_a_band_through_the_forms(client, finance, tariff):
    client.force_login(finance)
    response = client.post(
        reverse("tariff-copy", args=[tariff.pk]),
        {"name": "Hemtjänst nästa år", "valid_from": NEXT_YEAR.isoformat()},
    )
    copy = Tariff.objects.get(name="Hemtjänst nästa år")
    assert response.status_code == 302
    assert response["Location"] == reverse("tariff-detail", args=[copy.pk])
    tariff.refresh_from_db()
    assert tariff.valid_to == NEXT_YEAR - timedelta(days=1)
    response = client.post(
        reverse("band-new", args=[copy.pk]),
        {
            "name": "Natt",
            "position": "5",
            "unit": "visit",
            "category": "",
            "rate_municipal": "245",
            "rate_private": "260",
            "window1_days": ["0", "1", "2", "3", "4", "5", "6", "7"],
            "window1_starts_at": "22:00",
            "window1_ends_at": "07:00",
        },
    )
    assert response.status_code == 302
    band = copy.bands.get(name="Natt")
    assert [(w.days, w.starts_at, w.ends_at) for w in band.windows.all()] == [
        ([0, 1, 2, 3, 4, 5, 6, 7], time(22), time(7))
    ]
    assert dict(band.rates.values_list("provider_kind", "amount")) == {
        "municipal": Decimal("245.00"),
        "private": Decimal("260.00"),
    }
    html = client.get(reverse("tariff-detail", args=[copy.pk])).content.decode()
    assert reverse("band-edit", args=[band.pk]) in html


def test_a_copy_is_renamed_moved_and_deleted_through_the_forms(
    english, finance, tariff
):
    tariff.valid_to = NEXT_YEAR - timedelta(days=1)
    tariff.save()
    copy = Tariff.objects.create(
        service=tariff.service, name="Fel", valid_from=NEXT_YEAR
    )
    detail = english.get(reverse("tariff-detail", args=[copy.pk])).content.decode()
    change = reverse("tariff-change", args=[copy.pk])
    assert change in detail
    today = {"name": "Fel", "valid_from": TODAY().isoformat()}
    response = english.post(change, today)
    assert response.status_code == 200
    assert "starts after today" in response.content.decode()
    later = NEXT_YEAR + timedelta(days=14)
    response = english.post(
        change, {"name": "Hemtjänst nästa år", "valid_from": later.isoformat()}
    )
    assert response["Location"] == reverse("tariff-detail", args=[copy.pk])
    tariff.refresh_from_db()
    assert tariff.valid_to == later - timedelta(days=1)
    response = english.post(reverse("tariff-delete", args=[copy.pk]))
    assert response["Location"] == reverse("tariff-detail", args=[tariff.pk])
    assert not Tariff.objects.filter(pk=copy.pk).exists()
    tariff.refresh_from_db()
    assert tariff.valid_to is None
    # A started tariff offers neither, and refuses a delete.
    detail = english.get(reverse("tariff-detail", args=[tariff.pk])).content.decode()
    assert reverse("tariff-change", args=[tariff.pk]) not in detail
    english.post(reverse("tariff-delete", args=[tariff.pk]))
    assert Tariff.objects.filter(pk=tariff.pk).exists()


def test_band_form_errors_are_shown(english, tariff):
    tariff.valid_to = NEXT_YEAR - timedelta(days=1)
    tariff.save()
    copy = Tariff.objects.create(
        service=tariff.service, name="Nästa", valid_from=NEXT_YEAR
    )
    response = english.post(
        reverse("band-new", args=[copy.pk]),
        {
            "name": "Kväll",
            "position": "5",
            "unit": "hour",
            "rate_municipal": "-3",
            "window1_days": ["0"],
            "window1_starts_at": "19:00",
            "window2_starts_at": "06:00",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert "Window 1 needs days, a from time and an until time." in html
    assert "Window 2 needs days, a from time and an until time." in html
    assert "greater than or equal to 0" in html
    assert not copy.bands.exists()


def test_editing_a_started_tariff_is_refused_on_the_page(english, tariff):
    band = tariff.bands.get(name="Måndag–fredag 06–19")
    page = english.get(reverse("band-edit", args=[band.pk])).content.decode()
    assert "started on" in page and " disabled>" in page
    response = english.post(
        reverse("band-edit", args=[band.pk]),
        {
            "name": band.name,
            "position": "10",
            "unit": "hour",
            "rate_municipal": "999",
            "window1_days": ["0"],
            "window1_starts_at": "06:00",
            "window1_ends_at": "19:00",
        },
    )
    assert response.status_code == 200
    assert "its rates can no longer change" in response.content.decode()
    assert band.rates.get(provider_kind="municipal").amount == 293


def test_major_holidays_and_lock_day_pages(client, finance, world, tariff):
    client.force_login(finance)
    url = reverse("major-holidays", args=["nacka"])
    assert client.get(url).status_code == 200
    data = {f"{h}_starts_at": "18:00" for h in ("easter", "whitsun", "midsummer")}
    data |= {f"{h}_starts_at": "18:00" for h in ("christmas", "new_year")}
    data |= {key.replace("starts", "ends"): "07:00" for key in list(data)}
    data |= {
        "easter_applies": "on",
        "christmas_applies": "on",
        "easter_starts_at": "19:00",
    }
    assert client.post(url, data).status_code == 302
    rules = MajorHolidayRule.objects.filter(municipality=world["nacka"])
    assert sorted(rules.values_list("holiday", "starts_at")) == [
        ("christmas", time(18)),
        ("easter", time(19)),
    ]
    url = reverse("lock-day", args=["nacka"])
    assert client.post(url, {"lock_day": "31"}).status_code == 200
    assert client.post(url, {"lock_day": "8"}).status_code == 302
    assert SettlementTerms.objects.get(municipality=world["nacka"]).lock_day == 8


def test_new_tariff_supplement_and_end_through_the_forms(
    client, finance, world, tariff, elsewhere
):
    client.force_login(finance)
    url = reverse("tariff-new")
    page = client.get(url)
    assert list(page.context["form"].fields["service"].queryset) == [world["service"]]
    response = client.post(
        url, {"service": elsewhere.service.pk, "name": "X", "valid_from": "2099-01-01"}
    )
    assert response.status_code == 200 and not Tariff.objects.filter(name="X")
    response = client.post(
        url,
        {
            "service": world["service"].pk,
            "name": "Ny taxa",
            "valid_from": NEXT_YEAR.isoformat(),
        },
    )
    new = Tariff.objects.get(name="Ny taxa")
    assert response["Location"] == reverse("tariff-detail", args=[new.pk])
    response = client.post(
        reverse("supplement-new", args=[new.pk]),
        {
            "name": "Overhead",
            "provider_kind": "private",
            "kind": "per_hour",
            "value": "28",
        },
    )
    assert response.status_code == 302
    assert new.supplements.get().value == Decimal("28.000")
    last_day = NEXT_YEAR + timedelta(days=364)
    client.post(reverse("tariff-end", args=[new.pk]), {"valid_to": last_day})
    new.refresh_from_db()
    assert new.valid_to == last_day


def test_the_buttons_say_what_they_did_or_why_not(english, tariff):
    """Remove and end answer with a message on the tariff's page."""
    band = tariff.bands.first()
    started = english.post(reverse("band-remove", args=[band.pk]), follow=True)
    assert "can no longer change" in started.content.decode()
    assert tariff.bands.filter(pk=band.pk).exists()
    bad_end = english.post(
        reverse("tariff-end", args=[tariff.pk]), {"valid_to": "x"}, follow=True
    )
    assert "Enter a valid date" in bad_end.content.decode()
    tariff.valid_to = NEXT_YEAR - timedelta(days=1)
    tariff.save()
    copy = Tariff.objects.create(service=tariff.service, name="N", valid_from=NEXT_YEAR)
    supplement = copy.supplements.create(
        name="Overhead", provider_kind="private", kind="per_hour", value=28
    )
    removed = english.post(
        reverse("supplement-remove", args=[supplement.pk]), follow=True
    )
    assert "The supplement has been removed." in removed.content.decode()
    assert not copy.supplements.exists()


@pytest.mark.browser
def test_the_officer_checks_and_copies_a_tariff_in_the_browser(
    page, live_server, transactional_db, world, tariff
):
    finance = member(Role.FINANCE_OFFICER, world["nacka"])
    page.goto(live_server.url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(finance.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    # In English, so the selectors read as the texts in the code.
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Byt").click()
    page.get_by_role("link", name="Tariffs: time bands and voucher rates").click()
    assert_accessible(page)
    page.get_by_role("link", name=tariff.name).click()
    page.locator("#id_starts_at").fill("2026-03-02T18:00")
    page.locator("#id_ends_at").fill("2026-03-02T20:00")
    page.get_by_label("Intervention category").select_option("personal_care")
    page.get_by_label("Provider kind").select_option("private")
    page.get_by_role("button", name="Price the visit").click()
    expect(page.locator("#preview-total")).to_have_text("652.00")
    assert_accessible(page)
    page.get_by_role("link", name="Copy into a new tariff").click()
    page.get_by_label("Name of the new tariff").fill("Hemtjänst nästa år")
    page.get_by_label("Valid from").fill(NEXT_YEAR.isoformat())
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hemtjänst nästa år")
    page.get_by_role("link", name="Add a band").click()
    page.locator("#id_name").fill("Natt")
    page.get_by_label("Rate, Municipal (own unit) (SEK)").fill("245")
    page.locator("#window-1").get_by_label("Monday").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert_accessible(page)
    page.locator("#window-1").get_by_label("From", exact=True).fill("22:00")
    page.locator("#window-1").get_by_label("Until", exact=True).fill("06:00")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row", name="Natt")).to_contain_text("Mon 22:00–06:00")
    assert_accessible(page)
    # The copy was a mistake: deleted, the old tariff is open-ended again.
    page.get_by_role("link", name="Change name or start, or delete").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete Hemtjänst nästa år").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(tariff.name)
    expect(page.locator("dl")).to_contain_text("until further notice")
