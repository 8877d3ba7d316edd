"""Changes to reported time: the customer's approval recorded later, and a
visit changed or removed. A visit whose settlement month is open is edited
in place; one whose month is locked (already paid) is never edited: it is
cancelled, paid back in the open month, and for a change replaced by a new
visit there (the correction line of the next open settlement)."""

from collections.abc import Iterable
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kundval.models import Role
from kundval.scoping import check_role
from vouchers.models import Visit, VisitSource
from vouchers.months import month_locked, month_of, open_month
from vouchers.services.visit_sql import overlaps_flag
from vouchers.services.visits import (
    SettleMonths,
    VisitInput,
    choice_facts,
    provider_ids_of,
    visit_errors,
)


@transaction.atomic
def visit_approve(*, user, visits: Iterable[Visit | int]) -> int:
    """Record the customer's approval (a signed receipt, say) of the user's
    providers' unapproved, uncancelled visits; returns how many. Unapproved
    time was not paid, so a visit whose month is locked moves to the open
    month, where it is paid as a correction."""
    ids = [v if isinstance(v, int) else v.pk for v in visits]
    waiting = Visit.objects.filter(
        pk__in=ids,
        provider_id__in=provider_ids_of(user),
        approved_at__isnull=True,
        cancelled_month__isnull=True,
    )
    now, months, count = timezone.now(), SettleMonths(), 0
    groups = waiting.values_list("municipality_id", "provider_id", "settle_month")
    for municipality_id, provider_id, month in set(groups):
        moved_to = months(municipality_id, provider_id, month)
        count += waiting.filter(
            municipality_id=municipality_id, provider_id=provider_id, settle_month=month
        ).update(approved_at=now, settle_month=moved_to)
    return count


def _own(user, visit: Visit) -> None:
    check_role(user, Role.PROVIDER_USER, provider_id=visit.provider_id)
    if visit.cancelled_month is not None:
        raise ValidationError(_("The visit is cancelled; it cannot be changed."))


def _locked(visit: Visit) -> bool:
    return month_locked(
        municipality_id=visit.municipality_id,
        provider_id=visit.provider_id,
        month=visit.settle_month,
    )


def _open(visit: Visit, month: date) -> date:
    return open_month(
        municipality_id=visit.municipality_id,
        provider_id=visit.provider_id,
        month=month,
    )


@transaction.atomic
def visit_change(
    *,
    user,
    visit: Visit,
    starts_at: datetime,
    ends_at: datetime,
    category: str,
    staff: str,
    source: str = VisitSource.FORM,
) -> Visit:
    """Change a visit's time, category or staff. In an open month it is
    edited in place; in a locked one it is cancelled and replaced (returns
    the replacement). A new time or category needs the customer's approval
    again; a new staff id alone keeps it."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    _own(user, visit)
    item = VisitInput(visit.choice_id, starts_at, ends_at, category, staff.strip())
    choices = choice_facts(
        provider_ids=[visit.provider_id], choice_ids=[item.choice_id]
    )
    errors = visit_errors(item, choices.get(visit.choice_id), timezone.now())
    if errors:
        raise ValidationError(errors)
    same = (visit.starts_at, visit.ends_at, visit.category) == (
        starts_at,
        ends_at,
        category,
    )
    approved_at = visit.approved_at if same else None
    old_span = (visit.starts_at, visit.ends_at)
    if _locked(visit):
        visit = _replace(visit, item, approved_at, user, source)
    else:
        visit.starts_at, visit.ends_at = starts_at, ends_at
        visit.category, visit.staff, visit.approved_at = (
            category,
            item.staff,
            approved_at,
        )
        visit.settle_month = _open(visit, month_of(starts_at))
        visit.reported_by, visit.source = user, source
        visit.save()
    overlaps_flag(visits=[visit], also=[old_span])
    return visit


def _replace(old: Visit, item: VisitInput, approved_at, user, source) -> Visit:
    old.cancelled_month = _open(old, old.settle_month)
    old.save(update_fields=["cancelled_month"])
    return Visit.objects.create(
        choice_id=old.choice_id,
        municipality_id=old.municipality_id,
        service_id=old.service_id,
        provider_id=old.provider_id,
        customer_id=old.customer_id,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        category=item.category,
        staff=item.staff,
        approved_at=approved_at,
        settle_month=_open(old, month_of(item.starts_at)),
        replaces=old,
        source=source,
        reported_by=user,
    )


@transaction.atomic
def visit_remove(*, user, visit: Visit) -> Visit | None:
    """Remove a visit reported in error: deleted while its month is open,
    else cancelled (paid back in the open month; returns it)."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    _own(user, visit)
    span = (visit.starts_at, visit.ends_at)
    customer_id = visit.customer_id
    if _locked(visit):
        visit.cancelled_month = _open(visit, visit.settle_month)
        visit.save(update_fields=["cancelled_month"])
        result = visit
    else:
        visit.delete()
        result = None
    overlaps_flag(customer_ids=[customer_id], also=[span])
    return result
