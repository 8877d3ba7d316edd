"""What the finance officer does with a computed settlement: approve it,
reopen it (with a reason), export the month to the finance system as CSV.
Every change records who, when and why (SettlementEvent)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kundval.models import Role
from kundval.scoping import check_role
from kundval.transitions import Transitions
from vouchers.exports import settlements_csv
from vouchers.models import Settlement, SettlementEvent, SettlementStatus

S = SettlementStatus
SETTLEMENT_TRANSITIONS = Transitions(
    states=S,
    edges={
        (S.DRAFT, S.APPROVED): Role.FINANCE_OFFICER,
        (S.APPROVED, S.DRAFT): Role.FINANCE_OFFICER,
        (S.APPROVED, S.EXPORTED): Role.FINANCE_OFFICER,
    },
    refusal=gettext_lazy("A settlement that is %(status)s cannot become %(to)s."),
)


@transaction.atomic
def settlement_transition(
    *, user, settlement: Settlement, to: str, note: str = ""
) -> Settlement:
    """Approve a draft, reopen an approved one (say why), or mark it exported."""
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    SETTLEMENT_TRANSITIONS.check(
        settlement.status, to, user=user, municipality_id=settlement.municipality_id
    )
    if to == S.APPROVED and settlement.month >= timezone.localdate().replace(day=1):
        raise ValidationError(_("A month can be approved once it has ended."))
    if (settlement.status, to) == (S.APPROVED, S.DRAFT) and not note.strip():
        raise ValidationError(_("Say why the settlement is reopened."))
    SettlementEvent.objects.create(
        settlement=settlement,
        from_status=settlement.status,
        to_status=to,
        by=user,
        note=note,
    )
    settlement.status = to
    settlement.save(update_fields=["status"])
    return settlement


@transaction.atomic
def settlements_export(*, user, municipality_id: int, month: date) -> str:
    """The month's approved settlements as CSV for the finance system; the
    approved ones become exported. Downloading again gives the same file."""
    check_role(user, Role.FINANCE_OFFICER, municipality_id=municipality_id)
    settlements = list(
        Settlement.objects.select_for_update()
        .filter(
            municipality_id=municipality_id,
            month=month,
            status__in=[S.APPROVED, S.EXPORTED],
        )
        .select_related("provider")
        .prefetch_related("lines")
        .order_by("provider__organisation_number")
    )
    if not settlements:
        raise ValidationError(_("No settlement of the month is approved yet."))
    # The approved ones change, in one update; exported ones stay as they are.
    SETTLEMENT_TRANSITIONS.check(
        S.APPROVED, S.EXPORTED, user=user, municipality_id=municipality_id
    )
    SettlementEvent.objects.bulk_create(
        SettlementEvent(
            settlement=s, from_status=S.APPROVED, to_status=S.EXPORTED, by=user
        )
        for s in settlements
        if s.status == S.APPROVED
    )
    Settlement.objects.filter(pk__in=[s.pk for s in settlements]).update(
        status=S.EXPORTED
    )
    return settlements_csv(settlements)
