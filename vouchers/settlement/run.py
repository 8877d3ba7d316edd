"""Monthly settlements: the month's approved visits priced per provider
(vouchers.settlement.segments does the set-based part), supplements on top,
stored as a draft (vouchers.settlement.store); then approved and exported by
the finance officer (vouchers.services.settlement_review).

A run changes only drafts, and only where the figures differ: running the
same month again changes nothing. An approved settlement locks the month
for its provider (vouchers.months), so later time becomes a correction in
the next open month instead of changing what was approved."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import gettext as _

from customers.selectors import accepted_choices
from providers.models import Provider
from vouchers.models import (
    LineKind,
    Settlement,
    SettlementStatus,
    Supplement,
    SupplementKind,
    TimeBand,
    Unit,
    Visit,
)
from vouchers.settlement.segments import Total, month_totals
from vouchers.settlement.store import Draft, settlement_store

ORE = Decimal("0.01")
ZERO = Decimal("0.00")
S = SettlementStatus


def settlement_run(
    *, municipality_id: int, month: date, provider_ids: list[int] | None = None
) -> list[int]:
    """Compute the month's drafts (for `provider_ids`, or every provider with
    time in the month) and store those that changed. Returns the ids of the
    provider's settlements that are drafts after the run."""
    if month.day != 1:
        raise ValidationError(_("A month starts on its first day."))
    drafts = _drafts(municipality_id, month, provider_ids)
    with transaction.atomic():
        return settlement_store(
            municipality_id=municipality_id,
            month=month,
            provider_ids=provider_ids,
            drafts=drafts,
        )


def providers_to_settle(*, municipality_id: int, month: date) -> list[int]:
    """Providers with time paid or paid back in the month, with a draft to
    bring up to date, or with customers on a per-month band."""
    visits = Visit.objects.filter(municipality_id=municipality_id).filter(
        Q(settle_month=month) | Q(cancelled_month=month)
    )
    ids = set(visits.values_list("provider_id", flat=True).distinct())
    ids |= set(
        Settlement.objects.filter(
            municipality_id=municipality_id, month=month, status=S.DRAFT
        ).values_list("provider_id", flat=True)
    )
    ids |= {
        provider_id
        for provider_id, _lines in _month_lines(municipality_id, month, None)
    }
    return sorted(ids)


def _drafts(municipality_id, month, provider_ids) -> dict[int, Draft]:
    totals = month_totals(
        municipality_id=municipality_id, month=month, provider_ids=provider_ids
    )
    bands = TimeBand.objects.in_bulk({t.band_id for t in totals if t.band_id})
    kinds = dict(
        Provider.objects.filter(pk__in={t.provider_id for t in totals}).values_list(
            "pk", "kind"
        )
    )
    supplements = defaultdict(list)
    for supplement in Supplement.objects.filter(
        tariff_id__in={t.tariff_id for t in totals}
    ).order_by("pk"):
        supplements[(supplement.tariff_id, supplement.provider_kind)].append(supplement)
    drafts: dict[int, Draft] = defaultdict(Draft)
    by_tariff: dict[tuple[int, int, int], list[Total]] = defaultdict(list)
    for total in sorted(totals, key=_line_order):
        draft = drafts[total.provider_id]
        if not total.approved:
            draft.unapproved_seconds += total.seconds
        elif total.amount is None:
            draft.unpaid_seconds += total.seconds
        else:
            draft.lines.append(_band_line(total, bands[total.band_id]))
            by_tariff[(total.provider_id, total.service_id, total.tariff_id)].append(
                total
            )
    for (provider_id, service_id, tariff_id), paid in by_tariff.items():
        drafts[provider_id].lines.extend(
            _supplement_lines(
                service_id, supplements[(tariff_id, kinds[provider_id])], paid
            )
        )
    for provider_id, count_lines in _month_lines(municipality_id, month, provider_ids):
        drafts[provider_id].lines.extend(count_lines)
    return drafts


def _line_order(total: Total):
    return (total.provider_id, total.service_id, total.correction, total.band_id or 0)


def _band_line(total: Total, band: TimeBand) -> tuple:
    """(kind, service id, band id, label, unit, quantity, rate, amount)."""
    if total.unit == Unit.VISIT:
        quantity = Decimal(total.visits)
    else:
        quantity = (Decimal(total.seconds) / 3600).quantize(ORE, ROUND_HALF_UP)
    kind = LineKind.CORRECTION if total.correction else LineKind.BAND
    label = band.name
    return (
        kind,
        total.service_id,
        band.pk,
        label,
        total.unit,
        quantity,
        total.rate,
        total.amount,
    )


def _supplement_lines(service_id: int, supplements, paid: list[Total]) -> list[tuple]:
    """Per-hour supplements on the hourly time, then percentages of the band
    amounts plus the per-hour supplements (Trosa: 305 + 28, then 1.3 %)."""
    hourly_seconds = sum(t.seconds for t in paid if t.unit == Unit.HOUR)
    base = sum((t.amount for t in paid), ZERO)
    lines = []
    for supplement in [s for s in supplements if s.kind == SupplementKind.PER_HOUR]:
        hours = (Decimal(hourly_seconds) / 3600).quantize(ORE, ROUND_HALF_UP)
        amount = (supplement.value * hourly_seconds / 3600).quantize(ORE, ROUND_HALF_UP)
        lines.append(
            (
                LineKind.SUPPLEMENT,
                service_id,
                None,
                supplement.name,
                Unit.HOUR,
                hours,
                supplement.value,
                amount,
            )
        )
        base += amount
    for supplement in [s for s in supplements if s.kind == SupplementKind.PERCENT]:
        amount = (base * supplement.value / 100).quantize(ORE, ROUND_HALF_UP)
        lines.append(
            (
                LineKind.SUPPLEMENT,
                service_id,
                None,
                supplement.name,
                "percent",
                base,
                supplement.value,
                amount,
            )
        )
    return lines


def _month_lines(municipality_id, month, provider_ids):
    """Bands paid per customer and month (Stockholm's safety alarm), with the
    tariff valid on the month's first day. A provider is paid for the days
    its accepted choices run in the month: a whole month is one customer, and
    a customer who switches mid-month is shared by the days, never paid twice."""
    month_end = _next_month(month)
    last_day = month_end - timedelta(days=1)
    days_in_month = Decimal((month_end - month).days)
    bands = TimeBand.objects.filter(
        unit=Unit.MONTH,
        tariff__service__municipality_id=municipality_id,
        tariff__valid_from__lte=month,
    ).filter(Q(tariff__valid_to__isnull=True) | Q(tariff__valid_to__gte=month))
    for band in bands.select_related("tariff").prefetch_related("rates"):
        rates = {rate.provider_kind: rate.amount for rate in band.rates.all()}
        for row in _choice_days(band.tariff.service_id, month, last_day, provider_ids):
            rate = rates.get(row["provider__kind"])
            if rate is None:
                continue
            days = row["span"].days + row["choices"]  # both ends count
            quantity = Decimal(days) / days_in_month
            line = (
                LineKind.BAND,
                band.tariff.service_id,
                band.pk,
                band.name,
                Unit.MONTH,
                quantity.quantize(ORE, rounding=ROUND_HALF_UP),
                rate,
                (rate * quantity).quantize(ORE, rounding=ROUND_HALF_UP),
            )
            yield row["provider_id"], [line]


def _choice_days(service_id: int, first: date, last: date, provider_ids):
    """Per provider: its accepted choices of the service running in
    first..last, and the sum of their (last - first) days there."""
    choices = accepted_choices(starts_by=last, lasts_until=first).filter(
        decision__service_id=service_id
    )
    if provider_ids:
        choices = choices.filter(provider_id__in=provider_ids)
    inside = ExpressionWrapper(
        Least(Coalesce("ends_on", Value(last)), Value(last))
        - Greatest("starts_on", Value(first)),
        output_field=DurationField(),
    )
    return choices.values("provider_id", "provider__kind").annotate(
        span=Sum(inside), choices=Count("pk")
    )


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)
