"""Business rules of the finance officer's rates: tariffs, their bands with
windows and rates, supplements, the major-holiday rules and the lock day.

Without touching the past: a tariff's content (bands, windows, rates,
supplements) may change only before the tariff starts. Once it has started,
settlements may already have used it, so it can only be ended or copied into
a new tariff from a later day (next year's rates)."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from kundval.models import Municipality, Role, Service
from kundval.scoping import scope_of
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

Window = tuple[list[int], time, time]


def finance_officer_of(user, municipality_id: int) -> None:
    if municipality_id not in scope_of(user).municipality_ids(Role.FINANCE_OFFICER):
        raise PermissionDenied


def tariff_has_started(tariff: Tariff) -> bool:
    return tariff.valid_from <= timezone.localdate()


def _editable(user, tariff: Tariff) -> Tariff:
    """The tariff, locked, if the user may change what it contains."""
    finance_officer_of(user, tariff.service.municipality_id)
    tariff = Tariff.objects.select_for_update().get(pk=tariff.pk)
    if tariff_has_started(tariff):
        raise ValidationError(
            _(
                "The tariff started on %(day)s and settlements may have used it, "
                "so its rates can no longer change. End it, or copy it into a "
                "new tariff from a later day."
            )
            % {"day": f"{tariff.valid_from:%Y-%m-%d}"}
        )
    return tariff


def _store_tariff(tariff: Tariff) -> Tariff:
    """Save a tariff; an overlap with another of the service is a clear error
    even when two officers save at once (the exclusion constraint)."""
    tariff.full_clean()
    try:
        with transaction.atomic():
            tariff.save()
    except IntegrityError:
        raise ValidationError(
            {
                "valid_from": _(
                    "The service already has a tariff for part of that period."
                )
            }
        ) from None
    return tariff


def _future_start(valid_from: date) -> None:
    if valid_from <= timezone.localdate():
        raise ValidationError(
            {
                "valid_from": _(
                    "A new tariff starts after today, so its rates can be "
                    "checked before any visit is priced with them."
                )
            }
        )


def _end_open_predecessor(service: Service, valid_from: date) -> None:
    """An open-ended tariff starting earlier ends the day before `valid_from`."""
    open_ended = (
        Tariff.objects.select_for_update()
        .filter(service=service, valid_to__isnull=True, valid_from__lt=valid_from)
        .first()
    )
    if open_ended is not None:
        open_ended.valid_to = valid_from - timedelta(days=1)
        open_ended.save(update_fields=["valid_to"])


@transaction.atomic
def tariff_create(*, user, service: Service, name: str, valid_from: date) -> Tariff:
    """An empty tariff from `valid_from`, open-ended; an open-ended tariff of
    the service that started earlier ends the day before."""
    finance_officer_of(user, service.municipality_id)
    _future_start(valid_from)
    _end_open_predecessor(service, valid_from)
    return _store_tariff(
        Tariff(service=service, name=name.strip(), valid_from=valid_from)
    )


@transaction.atomic
def tariff_copy(*, user, tariff: Tariff, name: str, valid_from: date) -> Tariff:
    """Next year's rates: a copy of the tariff's bands, windows, rates and
    supplements from `valid_from`; the old tariff, if open-ended, ends the
    day before."""
    finance_officer_of(user, tariff.service.municipality_id)
    tariff = Tariff.objects.select_for_update().get(pk=tariff.pk)
    if valid_from <= tariff.valid_from:
        raise ValidationError(
            {
                "valid_from": _(
                    "The copy must start after the tariff it copies (from %(day)s)."
                )
                % {"day": f"{tariff.valid_from:%Y-%m-%d}"}
            }
        )
    _future_start(valid_from)
    _end_open_predecessor(tariff.service, valid_from)
    copy = _store_tariff(
        Tariff(service=tariff.service, name=name.strip(), valid_from=valid_from)
    )
    _copy_contents(tariff, copy)
    return copy


def _copy_contents(source: Tariff, target: Tariff) -> None:
    for band in source.bands.prefetch_related("windows", "rates"):
        new_band = TimeBand.objects.create(
            tariff=target,
            name=band.name,
            position=band.position,
            unit=band.unit,
            category=band.category,
            major_holidays=band.major_holidays,
        )
        BandWindow.objects.bulk_create(
            BandWindow(
                band=new_band, days=w.days, starts_at=w.starts_at, ends_at=w.ends_at
            )
            for w in band.windows.all()
        )
        Rate.objects.bulk_create(
            Rate(band=new_band, provider_kind=r.provider_kind, amount=r.amount)
            for r in band.rates.all()
        )
    Supplement.objects.bulk_create(
        Supplement(
            tariff=target,
            name=s.name,
            provider_kind=s.provider_kind,
            kind=s.kind,
            value=s.value,
        )
        for s in source.supplements.all()
    )


@transaction.atomic
def tariff_end(*, user, tariff: Tariff, valid_to: date) -> Tariff:
    """End a tariff on `valid_to` (the last day it prices visits). The past
    stays: the end is today or later, and a tariff that has ended stays so."""
    finance_officer_of(user, tariff.service.municipality_id)
    tariff = Tariff.objects.select_for_update().get(pk=tariff.pk)
    today = timezone.localdate()
    if tariff.valid_to is not None and tariff.valid_to < today:
        raise ValidationError(_("The tariff has already ended."))
    if valid_to < max(today, tariff.valid_from):
        raise ValidationError(
            {"valid_to": _("The end cannot be before today or the tariff's start.")}
        )
    tariff.valid_to = valid_to
    return _store_tariff(tariff)


def _ended_the_day_before(tariff: Tariff) -> Tariff | None:
    """The service's tariff that ends the day before this one starts, as
    creating or copying this one made it (locked)."""
    return (
        Tariff.objects.select_for_update()
        .filter(
            service_id=tariff.service_id,
            valid_to=tariff.valid_from - timedelta(days=1),
        )
        .first()
    )


@transaction.atomic
def tariff_change(*, user, tariff: Tariff, name: str, valid_from: date) -> Tariff:
    """Rename a tariff that has not started, or move its start to another
    day after today. The tariff before it, if it ends the day before, then
    ends the day before the new start."""
    tariff = _editable(user, tariff)
    _future_start(valid_from)
    before = _ended_the_day_before(tariff)
    if before is not None and valid_from <= before.valid_from:
        raise ValidationError(
            {
                "valid_from": _(
                    "The tariff must start after the tariff before it (from %(day)s)."
                )
                % {"day": f"{before.valid_from:%Y-%m-%d}"}
            }
        )
    tariff.name = name.strip()
    earlier = valid_from < tariff.valid_from
    tariff.valid_from = valid_from
    # One at a time, never overlapping: the exclusion constraint checks each.
    if before is not None and earlier:
        _end_before(before, valid_from)
    _store_tariff(tariff)
    if before is not None and not earlier:
        _end_before(before, valid_from)
    return tariff


def _end_before(tariff: Tariff, day: date) -> None:
    tariff.valid_to = day - timedelta(days=1)
    _store_tariff(tariff)


@transaction.atomic
def tariff_delete(*, user, tariff: Tariff) -> Tariff | None:
    """Delete a tariff that has not started, such as a mistaken copy: no
    visit has been priced with it. If it was open-ended (so the service's
    last), the tariff before it is open-ended again, as before the copy.
    Returns the tariff before it, if any."""
    tariff = _editable(user, tariff)
    before = _ended_the_day_before(tariff)
    try:
        with transaction.atomic():
            tariff.delete()
    except ProtectedError:
        raise ValidationError(_("A settlement has used the tariff.")) from None
    if before is not None and tariff.valid_to is None:
        before.valid_to = None
        _store_tariff(before)
    return before


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
    tariff = _editable(user, tariff)
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
    _editable(user, band.tariff)
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
    tariff = _editable(user, tariff)
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
    _editable(user, supplement.tariff)
    supplement.delete()


@transaction.atomic
def major_holiday_rules_save(
    *, user, municipality: Municipality, rules: dict[str, tuple[time, time]]
) -> list[MajorHolidayRule]:
    """The major holidays that apply in the municipality, each with its
    from-time on the day before and until-time on the day after; a holiday
    left out no longer applies."""
    finance_officer_of(user, municipality.pk)
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
    finance_officer_of(user, municipality.pk)
    if not 1 <= lock_day <= 28:
        raise ValidationError({"lock_day": _("Choose a day from 1 to 28.")})
    terms, _created = SettlementTerms.objects.update_or_create(
        municipality=municipality, defaults={"lock_day": lock_day}
    )
    return terms
