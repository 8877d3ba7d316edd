"""The volumes of a real municipality for seed_demo (issue 5 item 10):
about 1 400 home-care customers in Nacka and 250 in Trosa, each with a
decided need decision and a provider authorized in their area (a few large,
many small), some non-choices and some switches. Trosa's private providers
have the customers Trosa's presentation gives them.

seed_demo runs in many test fixtures, so the volumes go in with bulk_create;
a second run finds the first generated customer and adds nothing."""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from authorization.selectors import authorizations_in_force
from customers.demo_people import customer_build, people_generate
from customers.models import (
    Choice,
    ChoiceChange,
    ChoiceEvent,
    ChoiceStatus,
    Customer,
    DecisionEvent,
    DecisionStatus,
    Intervention,
    NeedDecision,
    Notice,
    NoticeKind,
    SwitchReason,
)
from customers.selectors import customer_count
from kundval.models import Area, InterventionCategory, Service
from providers.models import Provider

FIRST_DAY = date(2026, 1, 1)  # the demo authorizations' valid_from
VOLUMES = {"nacka": 1400, "trosa": 250}
# Seed 004: the customers of Trosa's private providers; the rest have its own unit.
TROSA_PRIVATE = {
    "trosa-service": 48,
    "vagnharads-hemservice": 18,
    "vasterljungs-stad": 5,
}
NON_CHOICE = 0.09  # of the customers, in Nacka and in Trosa
SWITCHED = 0.05
OWN_RANK = 3  # the own unit is one of the large providers (and has the non-choices)
ORDERED = 6  # per municipality: new orders the provider has not answered yet
SWITCH_NOTES = {
    SwitchReason.QUALITY: "Besöken kommer ofta för sent.",
    SwitchReason.CONTINUITY: "Vill ha färre olika personal.",
    SwitchReason.LANGUAGE: "Önskar personal som talar finska.",
    SwitchReason.OTHER: "Grannen rekommenderade en annan anordnare.",
}
WHY = (
    "för att kunna bo kvar hemma", "efter sjukhusvistelsen",
    "på grund av nedsatt rörlighet", "på grund av minnessvikt",
    "då maken inte längre orkar hjälpa till",
)  # fmt: skip
DAY, HOUR = timedelta(days=1), timedelta(hours=1)


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


@dataclass
class _Story:
    """One customer's history: a decision, then one provider, or two with a
    switch between them. `providers` holds (provider, non-choice) in order."""

    customer: Customer
    starts_on: date
    decided_on: date
    providers: list[tuple[Provider, bool]]
    switch_on: date | None = None
    ordered: bool = False
    interventions: list[Intervention] = field(default_factory=list)


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
    _save(rng, stories, service, officer.get())


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


def _stories(rng, market: _Market, people, finals, today: date) -> list[_Story]:
    """Decisions from the first day to a week ago, some switches, and a
    handful of new orders from today that wait for their provider."""
    last = max(FIRST_DAY, today - timedelta(days=7))
    stories = []
    for (number, name), (area, provider, non_choice) in zip(
        people, finals, strict=True
    ):
        starts_on = FIRST_DAY + timedelta(days=rng.randint(0, (last - FIRST_DAY).days))
        stories.append(
            _Story(
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


def _switches(rng, market: _Market, stories: list[_Story], last: date) -> None:
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


def _save(rng, stories: list[_Story], service: Service, officer) -> None:
    catalogue = list(Intervention.objects.filter(service=service).order_by("slug"))
    for story in stories:
        chosen = rng.sample(catalogue, k=rng.choice((1, 2, 2, 3, 3, 4)))
        story.interventions = sorted(chosen, key=lambda i: i.slug)
    customers = Customer.objects.bulk_create(s.customer for s in stories)
    decisions = NeedDecision.objects.bulk_create(
        _decision(rng, s, service) for s in stories
    )
    Through = NeedDecision.interventions.through
    Through.objects.bulk_create(
        Through(needdecision_id=decision.pk, intervention_id=intervention.pk)
        for decision, story in zip(decisions, stories, strict=True)
        for intervention in story.interventions
    )
    events = DecisionEvent.objects.bulk_create(
        DecisionEvent(
            decision=decision,
            from_status=DecisionStatus.DRAFT,
            to_status=DecisionStatus.DECIDED,
            by=officer,
        )
        for decision in decisions
    )
    decided_at = [_at(rng, s.decided_on) for s in stories]
    _backdate(Customer, "created_at", customers, [t - DAY * 2 for t in decided_at])
    _backdate(NeedDecision, "created_at", decisions, [t - HOUR for t in decided_at])
    _backdate(DecisionEvent, "at", events, decided_at)
    _choices(rng, stories, decisions, decided_at, officer)


def _decision(rng, story: _Story, service: Service) -> NeedDecision:
    """Hours after what is granted: personal care takes longer than service."""
    granted = story.interventions
    hours = sum(
        rng.uniform(3, 8)
        if i.category == InterventionCategory.SERVICE
        else rng.uniform(6, 16)
        for i in granted
    )
    names = [i.name.lower() for i in granted]
    listed = " och ".join(filter(None, [", ".join(names[:-1]), names[-1]]))
    return NeedDecision(
        customer=story.customer,
        service=service,
        hours_per_month=Decimal(str(min(60, max(4, round(hours * 2) / 2)))),
        starts_on=story.starts_on,
        status=DecisionStatus.DECIDED,
        reasons=f"Beviljas {listed} {rng.choice(WHY)}. Behovet är utrett vid "
        "hembesök och i samtal med anhöriga.",
    )


def _choices(rng, stories, decisions, decided_at, officer) -> None:
    """The choice (and the switch) of each decision, with its events: ordered
    right after the decision, accepted the day after; the switch ordered up
    to two weeks ahead, which ends the first choice."""
    choices, events = [], []
    for story, decision, at in zip(stories, decisions, decided_at, strict=True):
        (provider, non_choice), *switch = story.providers
        status = ChoiceStatus.ORDERED if story.ordered else ChoiceStatus.ACCEPTED
        first = Choice(
            decision=decision, provider=provider, non_choice=non_choice,
            starts_on=story.starts_on, status=status, ordered_by=officer,
            ordered_at=at + HOUR / 2,
        )  # fmt: skip
        choices.append(first)
        if switch:
            reason = rng.choice(list(SWITCH_NOTES))
            first.ends_on = story.switch_on - DAY
            choices.append(
                Choice(
                    decision=decision, provider=switch[0][0],
                    non_choice=switch[0][1], starts_on=story.switch_on,
                    status=status, switch_reason=reason,
                    switch_note=SWITCH_NOTES[reason], ordered_by=officer,
                    ordered_at=_at(rng, story.switch_on - DAY * rng.randint(1, 14)),
                )
            )  # fmt: skip
            events.append(
                (first, ChoiceChange.ENDS, str(first.ends_on), choices[-1].ordered_at)
            )
    Choice.objects.bulk_create(choices)
    for choice in choices:
        events.append(
            (choice, ChoiceChange.ORDERED, choice.switch_note, choice.ordered_at)
        )
        if choice.status == ChoiceStatus.ACCEPTED:
            events.append((choice, ChoiceChange.ACCEPTED, "", choice.ordered_at + DAY))
    rows = ChoiceEvent.objects.bulk_create(
        ChoiceEvent(choice=choice, what=what, by=officer, note=note)
        for choice, what, note, _when in events
    )
    _backdate(ChoiceEvent, "at", rows, [e[3] for e in events])
    _notices([c for c in choices if c.status == ChoiceStatus.ORDERED])


def _notices(orders: list[Choice]) -> None:
    """The providers' inbox shows the orders they have not answered."""
    notices = Notice.objects.bulk_create(
        Notice(
            provider_id=order.provider_id,
            choice=order,
            kind=NoticeKind.NEW_ORDER,
            text=_("From %(day)s") % {"day": order.starts_on},
        )
        for order in orders
    )
    _backdate(Notice, "created_at", notices, [o.ordered_at for o in orders])


def _at(rng, day: date) -> datetime:
    """A time in office hours of `day`, Swedish time."""
    hour, minute = rng.randint(8, 15), rng.choice((0, 15, 30, 45))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _backdate(model, field_name: str, rows, times: list[datetime]) -> None:
    """bulk_create stamps an auto_now_add field with now, but the demo's
    history happened over the year: one UPDATE per table sets the times."""
    quote, meta = connection.ops.quote_name, model._meta
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    column = quote(meta.get_field(field_name).column)
    sql = (
        f"UPDATE {table} SET {column} = v.at FROM unnest(%s::bigint[],"  # noqa: S608 (names from the model)
        f" %s::timestamptz[]) AS v(pk, at) WHERE {table}.{pk} = v.pk"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [[row.pk for row in rows], times])
