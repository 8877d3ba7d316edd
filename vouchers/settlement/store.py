"""Storing a month's computed drafts: only the settlements whose figures
changed are written (bulk inserts and updates), so a run over an unchanged
month changes nothing, not even the time it was computed. Approved and
exported settlements are never touched."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from vouchers.models import (
    Settlement,
    SettlementEvent,
    SettlementLine,
    SettlementStatus,
)

S = SettlementStatus
ZERO = Decimal("0.00")


@dataclass
class Draft:
    """A provider's computed settlement before it is stored."""

    lines: list[tuple] = field(default_factory=list)
    unpaid_seconds: int = 0
    unapproved_seconds: int = 0

    @property
    def total(self) -> Decimal:
        return sum((line[-1] for line in self.lines), ZERO)


LINE_FIELDS = (
    "kind",
    "service_id",
    "band_id",
    "label",
    "unit",
    "quantity",
    "rate",
    "amount",
)


def settlement_store(
    *, municipality_id: int, month: date, provider_ids, drafts: dict[int, Draft]
) -> list[int]:
    settlements = Settlement.objects.select_for_update().filter(
        municipality_id=municipality_id, month=month
    )
    if provider_ids:
        settlements = settlements.filter(provider_id__in=provider_ids)
    existing = {s.provider_id: s for s in settlements}
    for provider_id, settlement in existing.items():
        if settlement.status == S.DRAFT:
            drafts.setdefault(provider_id, Draft())
    lines_now = _lines_of([s.pk for s in existing.values() if s.status == S.DRAFT])
    now = timezone.now()
    changed: list[tuple[Settlement, Draft]] = []
    for provider_id, draft in drafts.items():
        settlement = existing.get(provider_id)
        if settlement is None:
            settlement = Settlement(
                municipality_id=municipality_id, provider_id=provider_id, month=month
            )
        elif settlement.status != S.DRAFT or _same(settlement, lines_now, draft):
            continue
        settlement.total = draft.total
        settlement.unpaid_seconds = draft.unpaid_seconds
        settlement.unapproved_seconds = draft.unapproved_seconds
        settlement.computed_at = now
        changed.append((settlement, draft))
    _write(changed)
    return sorted(
        s.pk
        for s in Settlement.objects.filter(
            municipality_id=municipality_id,
            month=month,
            status=S.DRAFT,
            provider_id__in=drafts.keys(),
        )
    )


def _lines_of(settlement_ids) -> dict[int, list[tuple]]:
    lines = defaultdict(list)
    for row in (
        SettlementLine.objects.filter(settlement_id__in=settlement_ids)
        .order_by("pk")
        .values_list("settlement_id", *LINE_FIELDS)
    ):
        lines[row[0]].append(tuple(row[1:]))
    return lines


def _same(settlement: Settlement, lines_now, draft: Draft) -> bool:
    return (
        lines_now.get(settlement.pk, []) == draft.lines
        and settlement.unpaid_seconds == draft.unpaid_seconds
        and settlement.unapproved_seconds == draft.unapproved_seconds
    )


def _write(changed: list[tuple[Settlement, Draft]]) -> None:
    """Store the changed drafts: bulk inserts and updates, never a save per row."""
    new = [s for s, _d in changed if s.pk is None]
    Settlement.objects.bulk_create(new)
    Settlement.objects.bulk_update(
        [s for s, _d in changed if s not in new],
        ["total", "unpaid_seconds", "unapproved_seconds", "computed_at"],
    )
    SettlementLine.objects.filter(settlement__in=[s for s, _d in changed]).delete()
    SettlementLine.objects.bulk_create(
        SettlementLine(settlement=s, **dict(zip(LINE_FIELDS, line, strict=True)))
        for s, draft in changed
        for line in draft.lines
    )
    SettlementEvent.objects.bulk_create(
        SettlementEvent(
            settlement=s,
            from_status=S.DRAFT,
            to_status=S.DRAFT,
            note=_("Computed")
            if s in new
            else _("Computed again: the figures changed"),
        )
        for s, _d in changed
    )
