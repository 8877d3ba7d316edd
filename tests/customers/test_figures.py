"""Figures of choice: customers per provider on a day with the non-choices,
switches per month by reason, and who may see them."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from customers.figures import choice_figures, figure_services, percent
from customers.models import Choice, ChoiceStatus, SwitchReason
from customers.services import choice_transition
from kundval.models import AccessLog, Role
from tests.customers.conftest import TODAY, choose, decided, new_customer
from tests.factories import MunicipalityFactory, ServiceFactory, member

URL = reverse("choice-figures")
REASONS = SwitchReason.values


def _number(n: int) -> str:
    """A valid personal identity number, born 1940-01-01, serial `n`."""
    digits = f"400101{n:03d}"
    total = 0
    for i, digit in enumerate(digits):
        product = int(digit) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return f"1940-0101-{n:03d}{(10 - total % 10) % 10}".replace("-", "", 1)


def _customer(world, n: int, *, starts_on=None):
    return decided(world, new_customer(world, _number(n)), starts_on=starts_on)


@pytest.fixture
def town(world):
    """On TODAY(): Första AB has Tolvan; the own unit has one who did not
    choose and one who switched to it today; Andra AB's only order was
    declined; one customer starts with Första AB next week."""
    choose(world, world["first"])
    choose(world, None, decision=_customer(world, 1))
    switcher = _customer(world, 2)
    left = choose(world, world["first"], decision=switcher)
    choice_transition(user=world["first_user"], choice=left, to=ChoiceStatus.ACCEPTED)
    choose(world, world["own"], decision=switcher, starts_on=TODAY(), reason="quality")
    declined = choose(world, world["second"], decision=_customer(world, 3))
    Choice.objects.filter(pk=declined.pk).update(
        status=ChoiceStatus.DECLINED, decline_reason="Fullt"
    )
    later = _customer(world, 4)
    choose(world, world["first"], decision=later, starts_on=TODAY() + timedelta(days=7))
    return world


def _rows(figures):
    return {
        row.name: (row.customers, row.non_choices, row.share)
        for row in figures.providers
    }


def test_customers_per_provider_on_the_day(town, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        figures = choice_figures(service=town["service"])
    assert _rows(figures) == {
        # The switcher's ended choice, the declined order and the choice
        # that starts next week give Första AB and Andra AB nobody more.
        "Första AB": (1, 0, Decimal("33.3")),
        "Nacka egen regi": (2, 1, Decimal("66.7")),
        "Andra AB": (0, 0, Decimal("0.0")),
        # Authorized for the service (elsewhere), so shown with none.
        "Älta AB": (0, 0, Decimal("0.0")),
    }
    assert [row.name for row in figures.providers][:2] == [
        "Nacka egen regi",
        "Första AB",
    ]
    assert (figures.customers, figures.non_choices) == (3, 1)
    assert figures.non_choice_share == Decimal("33.3")
    assert [row.kind for row in figures.providers][:2] == ["municipal", "private"]


def test_another_day_counts_the_choices_running_then(town):
    yesterday = choice_figures(service=town["service"], day=TODAY() - timedelta(1))
    # Before the switch the switcher was still Första AB's.
    assert _rows(yesterday)["Första AB"][:2] == (2, 0)
    assert _rows(yesterday)["Nacka egen regi"][:2] == (1, 1)
    next_week = choice_figures(service=town["service"], day=TODAY() + timedelta(7))
    assert _rows(next_week)["Första AB"][:2] == (2, 0)


def test_a_switch_is_counted_in_its_month_under_its_reason(town):
    figures = choice_figures(service=town["service"])
    assert len(figures.months) == 12
    this_month = figures.months[-1]
    assert this_month.month == TODAY().replace(day=1)
    assert this_month.counts[REASONS.index("quality")] == 1
    assert this_month.total == figures.switches == 1
    assert sum(m.total for m in figures.months[:-1]) == 0
    assert figures.reason_totals[REASONS.index("quality")] == 1
    assert figures.months[0].month < figures.months[-1].month


def test_a_declined_switch_is_not_counted(town):
    switch = Choice.objects.get(switch_reason="quality")
    Choice.objects.filter(pk=switch.pk).update(
        status=ChoiceStatus.DECLINED, decline_reason="Fullt"
    )
    assert choice_figures(service=town["service"]).switches == 0


def _first_of_month_before(day, months: int):
    first = day.replace(day=1)
    for _step in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def test_switches_of_earlier_months_and_only_twelve_of_them(world):
    decision = _customer(world, 5, starts_on=TODAY() - timedelta(days=300))
    earlier_day = TODAY() - timedelta(days=61)
    # The first day of the window seen from `earlier_day`: before today's.
    oldest = _first_of_month_before(earlier_day, 11)
    assert oldest < _first_of_month_before(TODAY(), 11)
    # Switches are never back-dated by the service, so history is written
    # directly: one 60 days ago (moved), one on `oldest`, and a withdrawn
    # one that never happened.
    for starts_on, reason, status in (
        (oldest, "other", ChoiceStatus.ACCEPTED),
        (TODAY() - timedelta(days=60), "moved", ChoiceStatus.ACCEPTED),
        (TODAY() - timedelta(days=30), "language", ChoiceStatus.WITHDRAWN),
    ):
        Choice.objects.create(
            decision=decision,
            provider=world["own"],
            starts_on=starts_on,
            ends_on=starts_on,
            status=status,
            switch_reason=reason,
            ordered_by=world["officer"],
        )
    figures = choice_figures(service=world["service"])
    (moved,) = [m for m in figures.months if m.total]
    assert moved.month == _first_of_month_before(TODAY() - timedelta(days=60), 0)
    assert moved.counts == [1 if r == "moved" else 0 for r in REASONS]
    assert figures.switches == 1
    # Seen from the day before it, the switch 60 days ago has not happened,
    # and the window reaches back to the oldest one.
    earlier = choice_figures(service=world["service"], day=earlier_day)
    assert earlier.reason_totals == [1 if r == "other" else 0 for r in REASONS]
    assert earlier.months[0].month == oldest and earlier.months[0].total == 1


def test_no_customers_no_share(world):
    figures = choice_figures(service=world["service"])
    assert (figures.customers, figures.non_choice_share) == (0, None)
    assert {row.share for row in figures.providers} == {None}


def test_percent_rounds_half_up_to_one_decimal():
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(1, 16) == Decimal("6.3")
    assert percent(0, 0) is None


def test_services_are_scoped_to_the_users_municipality(world):
    escort = ServiceFactory(
        municipality=world["nacka"], slug="ledsagning", name="A", kind="escort"
    )
    # Home care first: the page's default.
    assert list(figure_services(world["officer"])) == [world["service"], escort]
    assert list(figure_services(world["trosa_officer"])) == []
    assert list(figure_services(world["first_user"])) == []


# The page.


def _cells(html: str, name: str) -> list[str]:
    """The numbers of the provider's row in the customers table."""
    row = re.search(rf"<th scope=\"row\">{name}</th>(.*?)</tr>", html, re.S)
    assert row, name
    return re.findall(r'<td class="text-end">(.*?)</td>', row.group(1))


def test_the_page_shows_the_figures(client, town):
    client.force_login(town["officer"])
    logged = AccessLog.objects.count()
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # Swedish by default: a decimal comma.
    assert _cells(html, "Nacka egen regi") == ["2", "1", "66,7&nbsp;%"]
    assert _cells(html, "Första AB") == ["1", "0", "33,3&nbsp;%"]
    assert _cells(html, "Andra AB") == ["0", "0", "0,0&nbsp;%"]
    key_figures = html.split('id="key-figures"')[1].split("</dl>")[0]
    assert re.findall(r"<dd[^>]*>(.*?)</dd>", key_figures) == ["3", "1", "33,3&nbsp;%"]
    assert "100,0&nbsp;%" in html.split("<tfoot>")[1]
    assert '<th scope="col"' in html and "<caption>" in html
    # Aggregate figures name no customer, so nothing is logged.
    assert "Tolvan" not in html
    assert AccessLog.objects.count() == logged


def test_the_page_in_english_and_for_a_day(client, town, settings):
    client.force_login(town["officer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    day = TODAY() - timedelta(days=1)
    response = client.get(URL, {"service": town["service"].pk, "day": day.isoformat()})
    assert response.status_code == 200
    assert response.context["figures"].day == day
    # Yesterday, before the switch; in English a decimal point.
    html = response.content.decode()
    assert _cells(html, "Första AB") == ["2", "0", "66.7&nbsp;%"]
    assert _cells(html, "Nacka egen regi") == ["1", "1", "33.3&nbsp;%"]


@pytest.mark.parametrize("day", ["2024-13-45", "igår", "0001-01-01", "9999-12-31"])
def test_a_bad_day_is_an_error_on_the_form(client, town, day):
    client.force_login(town["officer"])
    response = client.get(URL, {"service": town["service"].pk, "day": day})
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert response.context["form"].errors["day"]
    assert "invalid-feedback" in response.content.decode()


@pytest.mark.parametrize("role", [Role.QUALITY_OFFICER, Role.FINANCE_OFFICER])
def test_other_municipal_roles_see_the_figures(client, town, role):
    client.force_login(member(role, town["nacka"]))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["figures"].customers == 3


def test_another_municipalitys_service_is_not_found(client, town):
    client.force_login(town["trosa_officer"])
    assert client.get(URL, {"service": town["service"].pk}).status_code == 404
    assert client.get(URL, {"service": "x"}).status_code == 404
    page = client.get(URL)
    assert page.status_code == 200
    assert page.context["figures"] is None
    assert "Första AB" not in page.content.decode()


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_provider_user_is_denied(client, world):
    client.force_login(world["first_user"])
    assert client.get(URL).status_code == 403


def test_only_get(client, world):
    client.force_login(world["officer"])
    assert client.post(URL).status_code == 405


def test_the_start_pages_link_to_the_figures(client, world):
    client.force_login(world["officer"])
    assert URL in client.get(reverse("start-case-officer")).content.decode()
    client.force_login(member(Role.QUALITY_OFFICER, world["nacka"]))
    assert URL in client.get(reverse("start-quality")).content.decode()


def test_a_municipality_without_services_gets_a_page_without_figures(client, db):
    client.force_login(member(Role.ADMINISTRATOR, MunicipalityFactory()))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert "<table" not in response.content.decode()
