"""Writes the demo's generated customers in bulk (customers.demo_volumes
tells their stories): need decisions with their interventions and events,
choices and switches with theirs, the providers' unanswered orders, and
times spread over the year. bulk_create is used because seed_demo runs in
many test fixtures."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

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
from kundval.models import InterventionCategory, Service
from providers.models import Provider

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
class Story:
    """One customer's history: a decision, then one provider, or two with a
    switch between them. `providers` holds (provider, non-choice) in order."""

    customer: Customer
    starts_on: date
    decided_on: date
    providers: list[tuple[Provider, bool]]
    switch_on: date | None = None
    ordered: bool = False
    interventions: list[Intervention] = field(default_factory=list)


def stories_save(rng, stories: list[Story], service: Service, officer) -> None:
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


def _decision(rng, story: Story, service: Service) -> NeedDecision:
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
    """bulk_create stamps each row with the time of the insert (auto_now_add,
    or a default of now), but the demo's history happened over the year: one
    UPDATE per table sets the times."""
    quote, meta = connection.ops.quote_name, model._meta
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    column = quote(meta.get_field(field_name).column)
    sql = (
        f"UPDATE {table} SET {column} = v.at FROM unnest(%s::bigint[],"  # noqa: S608 (names from the model)
        f" %s::timestamptz[]) AS v(pk, at) WHERE {table}.{pk} = v.pk"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [[row.pk for row in rows], times])
