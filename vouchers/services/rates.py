"""Business rules of what a tariff holds: its bands with windows and rates,
and its supplements, which change only before the tariff starts
(vouchers.services.tariffs); and the municipality's major-holiday rules and
lock day."""

from datetime import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from kundval.models import Municipality, Role
from kundval.scoping import check_role
from providers.models import ProviderKind
from vouchers.models import (
    BandWindow,
    MajorHoliday,
    MajorHolidayRule,
    Rate,
    SettlementTerms,
    Supplement,
    Tariff,
    TimeBand,
    Unit,
)
from vouchers.models.rates import HOLIDAY
from vouchers.services.tariffs import tariff_editable

Window = tuple[list[int], time, time]


@transaction.atomic
def band_save(
    *,
    user,
    tariff: Tariff,
    band: TimeBand | None = None,
    name: str,
    position: int,
    unit: str,
    category: str,
    major_holidays: bool,
    windows: list[Window],
    rates: dict[str, Decimal | None],
) -> TimeBand:
    """Create or update a band with its windows and its rate per provider
    kind (None: that kind is not paid in the band), all in one go."""
    tariff = tariff_editable(user, tariff)
    if band is not None and band.tariff_id != tariff.pk:
        raise ValidationError(_("The band belongs to another tariff."))
    _check_windows(windows, unit=unit, major_holidays=major_holidays)
    _check_rates(rates)
    band = band or TimeBand(tariff=tariff)
    band.name, band.position, band.unit = name.strip(), position, unit
    band.category, band.major_holidays = category, major_holidays
    band.full_clean()
    band.save()
    band.windows.all().delete()
    band.rates.all().delete()
    BandWindow.objects.bulk_create(
        BandWindow(band=band, days=sorted(set(days)), starts_at=start, ends_at=end)
        for days, start, end in windows
    )
    Rate.objects.bulk_create(
        Rate(band=band, provider_kind=kind, amount=amount)
        for kind, amount in rates.items()
        if amount is not None
    )
    return band


def _check_windows(windows: list[Window], *, unit: str, major_holidays: bool) -> None:
    if not windows and unit != Unit.MONTH and not major_holidays:
        raise ValidationError(
            {
                "windows": _(
                    "Give the band at least one window (days and times), or let "
                    "it apply during major holidays."
                )
            }
        )
    for number, (days, _start, _end) in enumerate(windows, start=1):
        if not days or any(day not in range(HOLIDAY + 1) for day in days):
            raise ValidationError(
                {
                    "windows": _("Window %(number)d: choose its days.")
                    % {"number": number}
                }
            )


def _check_rates(rates: dict[str, Decimal | None]) -> None:
    unknown = set(rates) - set(ProviderKind.values)
    if unknown:
        raise ValidationError(
            _("Unknown provider kind: %s.") % ", ".join(sorted(unknown))
        )
    if any(amount is not None and amount < 0 for amount in rates.values()):
        raise ValidationError({"rates": _("A rate cannot be negative.")})


@transaction.atomic
def band_remove(*, user, band: TimeBand) -> None:
    tariff_editable(user, band.tariff)
    try:
        band.delete()
    except ProtectedError:
        raise ValidationError(_("A settlement has used the band.")) from None


@transaction.atomic
def supplement_save(
    *,
    user,
    tariff: Tariff,
    supplement: Supplement | None = None,
    name: str,
    provider_kind: str,
    kind: str,
    value: Decimal,
) -> Supplement:
    """Create or update a supplement: an amount per paid hour or a percentage
    of the amount, for one provider kind."""
    tariff = tariff_editable(user, tariff)
    if supplement is not None and supplement.tariff_id != tariff.pk:
        raise ValidationError(_("The supplement belongs to another tariff."))
    supplement = supplement or Supplement(tariff=tariff)
    supplement.name, supplement.provider_kind = name.strip(), provider_kind
    supplement.kind, supplement.value = kind, value
    supplement.full_clean()
    supplement.save()
    return supplement


@transaction.atomic
def supplement_remove(*, user, supplement: Supplement) -> None:
    tariff_editable(user, supplement.tariff)
    supplement.delete()


@transaction.atomic
def major_holiday_rules_save(
    *, user, municipality: Municipality, rules: dict[str, tuple[time, time]]
) -> list[MajorHolidayRule]:
    """The major holidays that apply in the municipality, each with its
    from-time on the day before and until-time on the day after; a holiday
    left out no longer applies."""
    check_role(user, Role.FINANCE_OFFICER, municipality_id=municipality.pk)
    unknown = set(rules) - set(MajorHoliday.values)
    if unknown:
        raise ValidationError(
            _("Unknown major holiday: %s.") % ", ".join(sorted(unknown))
        )
    MajorHolidayRule.objects.filter(municipality=municipality).exclude(
        holiday__in=list(rules)
    ).delete()
    saved = []
    for holiday, (starts_at, ends_at) in rules.items():
        rule, _created = MajorHolidayRule.objects.update_or_create(
            municipality=municipality,
            holiday=holiday,
            defaults={"starts_at": starts_at, "ends_at": ends_at},
        )
        saved.append(rule)
    return saved


@transaction.atomic
def lock_day_save(
    *, user, municipality: Municipality, lock_day: int
) -> SettlementTerms:
    """The day of the next month on which a month locks (1-28, so every
    month has it)."""
    check_role(user, Role.FINANCE_OFFICER, municipality_id=municipality.pk)
    if not 1 <= lock_day <= 28:
        raise ValidationError({"lock_day": _("Choose a day from 1 to 28.")})
    terms, _created = SettlementTerms.objects.update_or_create(
        municipality=municipality, defaults={"lock_day": lock_day}
    )
    return terms
