"""Settlements as data for the systems around us: the JSON of the API and
`manage.py settle --format json`, and the CSV file for the finance system.
Amounts are decimal strings, never floats."""

from decimal import Decimal

from kundval.csv_export import csv_text
from vouchers.models import Settlement, Unit

CSV_HEADER = [
    "organisationsnummer",
    "anordnare",
    "manad",
    "rad",
    "antal",
    "enhet",
    "pris",
    "belopp",
]


def plain(number: Decimal) -> str:
    """Without trailing zeros and never in exponent form (310.000 is "310",
    not "3.1E+2", which is what str() of the normalized value gives)."""
    return format(number.normalize(), "f")


def hours(seconds: int) -> str:
    return str((Decimal(seconds) / 3600).quantize(Decimal("0.01")))


def settlement_payload(settlement: Settlement) -> dict:
    """{"provider", "month", "status", "lines": [{"band", "hours", "rate",
    "amount", ...}], "unpaid_hours", "unapproved_hours", "total"}."""
    return {
        "provider": settlement.provider.organisation_number,
        "provider_name": settlement.provider.name,
        "month": f"{settlement.month:%Y-%m}",
        "status": settlement.status,
        "lines": [_line(line) for line in settlement.lines.all()],
        "unpaid_hours": hours(settlement.unpaid_seconds),
        "unapproved_hours": hours(settlement.unapproved_seconds),
        "total": str(settlement.total),
    }


def _line(line) -> dict:
    return {
        "kind": line.kind,
        "band": line.label,
        "unit": line.unit,
        "hours": str(line.quantity) if line.unit == Unit.HOUR else None,
        "quantity": str(line.quantity),
        "rate": plain(line.rate),
        "amount": str(line.amount),
    }


def settlements_csv(settlements: list[Settlement]) -> str:
    """One row per line and one total row per provider (line "Summa"),
    through the house CSV writer (formula-safe cells)."""
    return csv_text(CSV_HEADER, _csv_rows(settlements))


def _csv_rows(settlements: list[Settlement]):
    for settlement in settlements:
        provider = settlement.provider
        first = [
            provider.organisation_number,
            provider.name,
            f"{settlement.month:%Y-%m}",
        ]
        for line in settlement.lines.all():
            rate = plain(line.rate)
            yield [*first, line.label, line.quantity, line.unit, rate, line.amount]
        yield [*first, "Summa", "", "", "", settlement.total]
