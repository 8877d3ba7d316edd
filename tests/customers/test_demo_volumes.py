"""seed_demo gives Nacka and Trosa the volumes of a real municipality, and
every seeded choice is one the rules of choice would have allowed; and
(vouchers.demo_visits, on the same seed) performed time every month with
staff continuity that differs by provider."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from statistics import median

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from authorization.selectors import authorizations_in_force
from customers.demo import CUSTOMERS
from customers.demo_volumes import FIRST_DAY
from customers.identity import normalize_identity_number
from customers.models import (
    Choice,
    ChoiceStatus,
    Customer,
    DecisionStatus,
    NeedDecision,
    Notice,
    NoticeKind,
    live_choices_of,
)
from followup.selectors.continuity import (
    NATIONAL,
    staff_continuity_of_municipality,
)
from kundval.demo import demo_password_hash
from providers.models import Provider
from vouchers.demo_visits import visits_seed
from vouchers.models import Visit
from vouchers.months import month_of
from vouchers.services.fees import approved_visits_in

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker):
    """One seed for the module, rolled back after it (seeding takes seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--demo-passwords", verbosity=0)
        yield
        transaction.set_rollback(True)
    # Hashed here before the per-test fast hasher applies: later tests must
    # not get a hash their hasher settings cannot check.
    demo_password_hash.cache_clear()


def _choices(municipality: str):
    return Choice.objects.filter(
        decision__customer__municipality__slug=municipality
    ).select_related("decision__customer")


def _live(municipality: str):
    today = timezone.localdate()
    return [c for c in _choices(municipality) if c.is_live_on(today)]


def test_nacka_has_about_1400_customers_with_a_decided_decision():
    decided = NeedDecision.objects.filter(
        customer__municipality__slug="nacka",
        service__slug="hemtjanst",
        status=DecisionStatus.DECIDED,
    )
    assert 1300 <= decided.values("customer").distinct().count() <= 1500
    assert all(4 <= d.hours_per_month <= 60 for d in decided)
    assert all(d.interventions.exists() for d in decided[:50])
    assert {d.starts_on.year for d in decided} == {2026}
    assert min(d.starts_on for d in decided) == date(2026, 1, 1)


def test_trosa_private_providers_have_their_customers_from_trosa_s_presentation():
    # Customers the provider has today, as the figures page counts them.
    today = timezone.localdate()
    live = Counter(c.provider.slug for c in _live("trosa") if c.starts_on <= today)
    assert live["trosa-service"] == 48
    assert live["vagnharads-hemservice"] == 18
    assert live["vasterljungs-stad"] == 5
    assert set(live) == {
        "trosa-egen-regi",
        "trosa-service",
        "vagnharads-hemservice",
        "vasterljungs-stad",
    }
    assert 240 <= Customer.objects.filter(municipality__slug="trosa").count() <= 260
    for slug, count in [("trosa-service", 48), ("vasterljungs-stad", 5)]:
        provider = Provider.objects.get(slug=slug)
        assert live_choices_of([provider.pk]).count() == count


def test_every_choice_was_allowed_in_the_customers_area():
    """Authorized for the service in the customer's area on the first day of
    the choice, and still today while it is live."""
    today = timezone.localdate()
    allowed = {}

    def authorized(choice, day):
        if day not in allowed:
            allowed[day] = set(
                authorizations_in_force(on=day).values_list(
                    "provider", "service", "areas"
                )
            )
        customer = choice.decision.customer
        key = (choice.provider_id, choice.decision.service_id, customer.area_id)
        return key in allowed[day]

    choices = list(_choices("nacka")) + list(_choices("trosa"))
    assert len(choices) > 1600
    assert all(authorized(c, c.starts_on) for c in choices)
    assert all(authorized(c, today) for c in choices if c.is_live_on(today))


def test_switches_end_the_first_choice_the_day_before():
    for municipality in ("nacka", "trosa"):
        by_decision = defaultdict(list)
        for choice in _choices(municipality):
            by_decision[choice.decision_id].append(choice)
        switched = [cs for cs in by_decision.values() if len(cs) == 2]
        assert len(switched) >= 0.03 * len(by_decision)
        for pair in switched:
            old, new = sorted(pair, key=lambda c: c.starts_on)
            assert old.ends_on == new.starts_on - timedelta(days=1)
            assert new.switch_reason and not old.switch_reason
            assert new.provider_id != old.provider_id
            assert new.status == ChoiceStatus.ACCEPTED
        assert all(len(cs) <= 2 for cs in by_decision.values())


def test_nacka_non_choices_go_to_the_own_unit_and_are_about_nine_percent():
    live = _live("nacka")
    non_choices = [c for c in live if c.non_choice]
    assert 0.05 <= len(non_choices) / len(live) <= 0.15
    assert {c.provider.slug for c in non_choices} == {"nacka-egen-regi"}


def test_a_few_large_providers_and_many_small():
    live = Counter(c.provider_id for c in _live("nacka") if not c.non_choice)
    own = Provider.objects.get(slug="nacka-egen-regi").pk
    private = sorted((n for p, n in live.items() if p != own), reverse=True)
    assert len(private) >= 40  # nearly every authorized provider has someone
    assert private[0] >= 5 * median(private)


def test_a_handful_of_orders_wait_in_the_providers_inbox():
    orders = Choice.objects.filter(status=ChoiceStatus.ORDERED)
    assert 2 <= orders.count() <= 20
    notices = Notice.objects.filter(kind=NoticeKind.NEW_ORDER, read_at__isnull=True)
    assert {(n.choice_id, n.provider_id) for n in notices} == {
        (o.pk, o.provider_id) for o in orders
    }


def test_identity_numbers_are_valid_and_the_named_customers_undecided():
    today = timezone.localdate()
    numbers = Customer.objects.values_list("identity_number", flat=True)
    for number in numbers:
        dashed = f"{number[:8]}-{number[8:]}"
        assert normalize_identity_number(dashed, today=today) == number
    generated = set(numbers) - {n.replace("-", "") for n, _name, _area in CUSTOMERS}
    assert all(1925 <= int(n[:4]) <= 1955 for n in generated)
    for number, name, _area in CUSTOMERS:
        customer = Customer.objects.get(identity_number=number.replace("-", ""))
        assert customer.name == name
        assert not customer.decisions.exists()


def test_the_history_happened_before_now():
    now = timezone.now()
    choices = Choice.objects.filter(decision__customer__municipality__slug="nacka")
    assert max(choices.values_list("ordered_at", flat=True)) < now
    first = choices.order_by("starts_on", "pk").first()
    assert first.events.order_by("at").first().at < now - timedelta(days=30)


# The performed time (vouchers.demo_visits), on the same seed.


def _months_to_last() -> list[date]:
    last = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    months, month = [], FIRST_DAY
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def test_every_month_from_the_first_decisions_has_performed_time():
    """Approved hours in each municipality every month from January; only
    last month, the one to settle, has visits not approved yet."""
    months = _months_to_last()
    for slug in ("nacka", "trosa"):
        visits = Visit.objects.filter(municipality__slug=slug)
        for month in months:
            performed = approved_visits_in(
                municipality_id=visits.first().municipality_id, month=month
            )
            assert performed.exists(), (slug, month)
        unapproved = set(
            visits.filter(approved_at__isnull=True).values_list(
                "settle_month", flat=True
            )
        )
        assert unapproved == {months[-1]}, slug
    assert not Visit.objects.filter(settle_month__gt=months[-1]).exists()


def test_visits_fall_within_the_choice_and_carry_staff():
    assert not Visit.objects.filter(staff="").exists()
    assert not Visit.objects.filter(
        Q(starts_at__date__lt=F("choice__starts_on"))
        | Q(starts_at__date__gt=F("choice__ends_on"))
    ).exists()
    month = _months_to_last()[-1]
    for visit in Visit.objects.filter(settle_month=month, approved_at__isnull=False)[
        :500
    ]:
        assert month_of(visit.starts_at) == visit.settle_month


def test_staff_continuity_has_a_median_that_differs_by_provider():
    """Last month (its first 14 days are over): customers counted at many
    providers, medians on both sides of the national 14.9; omsorgshuset's
    teams are large, hemtrevnad's small (vouchers.demo_visits.TEAM)."""
    month = _months_to_last()[-1]
    nacka = Provider.objects.get(slug="nacka-egen-regi").municipality_id
    rows = staff_continuity_of_municipality(municipality_id=nacka, month=month)
    medians = {pk: row.median for pk, row in rows.items()}
    assert len(medians) >= 10
    assert min(medians.values()) < NATIONAL.median < max(medians.values())
    slugs = dict(Provider.objects.values_list("pk", "slug"))
    named = {slugs[pk]: median for pk, median in medians.items()}
    assert named["nacka-egen-regi"] <= 15
    if "hemtrevnad" in named:
        assert named["hemtrevnad"] <= 11
    if "omsorgshuset" in named:
        assert named["omsorgshuset"] >= 14


def test_a_second_run_adds_no_visits():
    before = Visit.objects.count()
    visits_seed()
    assert Visit.objects.count() == before
