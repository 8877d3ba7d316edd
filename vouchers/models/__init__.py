"""Vouchers: what providers are paid (tariffs, time bands, rates), for what
(visits, the performed time), and the monthly settlements and customer fees."""

from vouchers.models.fees import FeeBasis, FeeSchedule, FeeStatement, MaximumFee
from vouchers.models.rates import (
    BandWindow,
    MajorHoliday,
    MajorHolidayRule,
    Rate,
    Supplement,
    SupplementKind,
    Tariff,
    TimeBand,
    Unit,
)
from vouchers.models.settlements import (
    LineKind,
    Settlement,
    SettlementEvent,
    SettlementLine,
    SettlementStatus,
    SettlementTerms,
)
from vouchers.models.visits import Visit, VisitSource

__all__ = [
    "BandWindow",
    "FeeBasis",
    "FeeSchedule",
    "FeeStatement",
    "LineKind",
    "MajorHoliday",
    "MajorHolidayRule",
    "MaximumFee",
    "Rate",
    "Settlement",
    "SettlementEvent",
    "SettlementLine",
    "SettlementStatus",
    "SettlementTerms",
    "Supplement",
    "SupplementKind",
    "Tariff",
    "TimeBand",
    "Unit",
    "Visit",
    "VisitSource",
]
