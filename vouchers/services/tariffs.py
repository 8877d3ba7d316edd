"""Business rules of the finance officer's tariffs: create, copy for next
year, end; and, until a tariff starts, rename, move or delete it.

Without touching the past: a tariff's content (bands, windows, rates,
supplements) may change only before the tariff starts. Once it has started,
settlements may already have used it, so it can only be ended or copied into
a new tariff from a later day (next year's rates)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from kundval.models import Role, Service
from kundval.scoping import check_role
from vouchers.models import (
    BandWindow,
    Rate,
    Supplement,
    Tariff,
    TimeBand,
)


def tariff_has_started(tariff: Tariff) -> bool:
    return tariff.valid_from <= timezone.localdate()


def _lock_periods(user, service_id: int, municipality_id: int) -> None:
    """Changes of a service's periods run one at a time: all its tariffs are
    locked, always in the same order, so two officers never deadlock."""
    check_role(user, Role.FINANCE_OFFICER, municipality_id=municipality_id)
    list(
        Tariff.objects.select_for_update().filter(service_id=service_id).order_by("pk")
    )


def tariff_editable(user, tariff: Tariff) -> Tariff:
    """The tariff, locked, if the user may change what it contains."""
    check_role(
        user, Role.FINANCE_OFFICER, municipality_id=tariff.service.municipality_id
    )
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
    _lock_periods(user, service.pk, service.municipality_id)
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
    _lock_periods(user, tariff.service_id, tariff.service.municipality_id)
    tariff = Tariff.objects.get(pk=tariff.pk)
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
    _lock_periods(user, tariff.service_id, tariff.service.municipality_id)
    tariff = Tariff.objects.get(pk=tariff.pk)
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
    _lock_periods(user, tariff.service_id, tariff.service.municipality_id)
    tariff = tariff_editable(user, tariff)
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
    visit has been priced with it. The tariff that ends the day before it
    takes over its period (open-ended again if it was), as before the copy,
    so no day is left without a tariff. Returns that tariff, if any."""
    _lock_periods(user, tariff.service_id, tariff.service.municipality_id)
    tariff = tariff_editable(user, tariff)
    before = _ended_the_day_before(tariff)
    try:
        with transaction.atomic():
            tariff.delete()
    except ProtectedError:
        raise ValidationError(_("A settlement has used the tariff.")) from None
    if before is not None:
        before.valid_to = tariff.valid_to
        _store_tariff(before)
    return before
