"""The volumes of a real municipality for seed_demo (issue 5 item 10):
about 1 400 home-care customers in Nacka and 250 in Trosa, each with a
decided need decision and a provider authorized in their area (a few large,
many small), some non-choices and some switches. Trosa's private providers
have the customers Trosa's presentation gives them.

seed_demo runs in many test fixtures, so the volumes go in with bulk_create;
a second run finds the first generated customer and adds nothing."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from authorization.selectors import authorizations_in_force
from customers.demo_people import customer_build, people_generate
from customers.demo_store import Story, stories_save
from customers.models import (
    Customer,
)
from customers.selectors import customer_count
from kundval.models import Area, Service
from providers.models import Provider

FIRST_DAY = date(2026, 1, 1)  # the demo authorizations' valid_from
VOLUMES = {"nacka": 1400, "trosa": 250}
# Trosa's presentation: the customers of its private providers; the rest have
# its own unit.
TROSA_PRIVATE = {
    "trosa-service": 48,
    "vagnharads-hemservice": 18,
    "vasterljungs-stad": 5,
}
NON_CHOICE = 0.09  # of the customers, in Nacka and in Trosa
SWITCHED = 0.05
OWN_RANK = 3  # the own unit is one of the large providers (and has the non-choices)
ORDERED = 6  # per municipality: new orders the provider has not answered yet


@dataclass
class _Market:
    """Who may be chosen where: the providers authorized in each area for the
    whole year, how popular each is, and the room left under ceilings."""

    own: Provider  # the default provider
    covering: dict[int, list[Provider]]  # area pk → providers
    weight: dict[int, float]
    room: dict[int, int | None]  # provider pk → places left, None: no ceiling

    def pick(self, rng, area: Area, *, but=None) -> Provider | None:
        free = [
            p for p in self.covering[area.pk] if p != but and self.room.get(p.pk) != 0
        ]
        if not free:
            return None
        return rng.choices(free, weights=[self.weight[p.pk] for p in free])[0]

    def take(self, provider: Provider) -> None:
        if self.room.get(provider.pk) is not None:
            self.room[provider.pk] -= 1


def volumes_load(service: Service) -> None:
    municipality = service.municipality
    officer = get_user_model().objects.filter(
        username=f"handlaggare.{municipality.slug}"
    )
    default = getattr(service, "default_provider", None)
    rng = random.Random(f"kundval-demo-{municipality.slug}")  # noqa: S311 (demo data)
    people = people_generate(rng, VOLUMES[municipality.slug])
    if not officer.exists() or default is None:
        return
    if Customer.objects.filter(
        municipality=municipality, identity_number=people[0][0]
    ).exists():
        return  # seeded before
    market = _market(rng, service, default.provider)
    areas = list(Area.objects.filter(municipality=municipality).order_by("slug"))
    pick = _as_in_trosa if municipality.slug == "trosa" else _chosen_freely
    today = timezone.localdate()
    stories = _stories(rng, market, people, pick(rng, market, areas), today)
    stories_save(rng, stories, service, officer.get())


def _market(rng, service: Service, own: Provider) -> _Market:
    """Authorizations in force from the first day and never revoked; the
    private providers in a random order with the own unit among the first,
    weighted 1/rank (Zipf): a few large and many small."""
    authorizations = (
        authorizations_in_force(on=FIRST_DAY)
        .filter(service=service, revoked_from__isnull=True)
        .select_related("provider")
        .prefetch_related("areas")
        .order_by("provider__slug")
    )
    covering, room = defaultdict(list), {}
    for authorization in authorizations:
        if authorization.capacity_ceiling is not None:
            room[authorization.provider_id] = max(
                0,
                authorization.capacity_ceiling
                - customer_count(provider_id=authorization.provider_id,
                                 service_id=service.pk),
            )  # fmt: skip
        for area in authorization.areas.all():
            covering[area.pk].append(authorization.provider)
    ranked = [a.provider for a in authorizations if a.provider_id != own.pk]
    rng.shuffle(ranked)
    ranked.insert(OWN_RANK - 1, own)
    weight = {p.pk: 1 / rank for rank, p in enumerate(ranked, start=1)}
    return _Market(own=own, covering=covering, weight=weight, room=room)


def _chosen_freely(rng, market: _Market, areas: list[Area]):
    """Nacka: each customer's area and provider today (area, provider, non-choice)."""
    count = VOLUMES["nacka"]
    non_choices = set(rng.sample(range(count), round(NON_CHOICE * count)))
    finals = []
    for index in range(count):
        area = rng.choice(areas)
        provider = None if index in non_choices else market.pick(rng, area)
        if provider is not None:
            market.take(provider)
        finals.append((area, provider or market.own, provider is None))
    return finals


def _as_in_trosa(rng, market: _Market, areas: list[Area]):
    """Trosa: its private providers have the customers Trosa's presentation
    gives them (room allowing), in the areas they cover; the rest have the
    own unit, and as many non-choices as in Nacka."""
    private = {p.slug: p for ps in market.covering.values() for p in ps}
    wanted = [private.get(slug) for slug, n in TROSA_PRIVATE.items() for _i in range(n)]
    wanted += [None] * (VOLUMES["trosa"] - len(wanted))
    rng.shuffle(wanted)
    own = [index for index, provider in enumerate(wanted) if provider is None]
    non_choices = set(rng.sample(own, round(NON_CHOICE * len(wanted))))
    finals = []
    for index, provider in enumerate(wanted):
        chosen = provider if provider and market.room.get(provider.pk) != 0 else None
        covered = [a for a in areas if chosen in market.covering[a.pk]]
        area = rng.choice(covered or areas)
        if chosen is not None:
            market.take(chosen)
        finals.append((area, chosen or market.own, index in non_choices))
    return finals


def _stories(rng, market: _Market, people, finals, today: date) -> list[Story]:
    """Decisions from the first day to a week ago, some switches, and a
    handful of new orders from today that wait for their provider."""
    last = max(FIRST_DAY, today - timedelta(days=7))
    stories = []
    for (number, name), (area, provider, non_choice) in zip(
        people, finals, strict=True
    ):
        starts_on = FIRST_DAY + timedelta(days=rng.randint(0, (last - FIRST_DAY).days))
        stories.append(
            Story(
                customer=customer_build(rng, area, number, name),
                starts_on=starts_on,
                providers=[(provider, non_choice)],
                decided_on=starts_on - timedelta(days=rng.randint(3, 20)),
            )
        )
    _switches(rng, market, stories, last)
    for story in rng.sample([s for s in stories if s.switch_on is None], ORDERED):
        story.ordered = True
        # Help from today, ordered a day or two ago: on the figures today.
        story.starts_on = today
        story.decided_on = today - timedelta(days=rng.randint(1, 4))
    return stories


def _switches(rng, market: _Market, stories: list[Story], last: date) -> None:
    """Some customers chose again, some after first having the default
    provider: the first choice ended the day before the second started."""
    eligible = [
        s for s in stories if not s.providers[0][1] and (last - s.starts_on).days >= 30
    ]
    count = min(len(eligible), round(SWITCHED * len(stories)))
    for story in rng.sample(eligible, count):
        now = story.providers[0][0]
        if now != market.own and rng.random() < 0.3:
            story.providers.insert(0, (market.own, True))
        elif (earlier := market.pick(rng, story.customer.area, but=now)) is not None:
            story.providers.insert(0, (earlier, False))
        else:
            continue
        days = rng.randint(30, (last - story.starts_on).days)
        story.switch_on = story.starts_on + timedelta(days=days)
