"""The providers' annual quality accounts (issue 15 item 4). A provider's
user starts the account it owes (kundval's authorization in force at the end
of the year), fills it in and submits it; the municipality's quality officer
accepts it or returns it with a reason, and the provider's users are told by
mail; a returned account is corrected and submitted again."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followup.models import AccountStatus, QualityAccount
from followup.models.accounts import FIGURES
from followup.selectors.accounts import account_owed, account_year
from kundval.mail import mail_queue
from kundval.models import Municipality, Role
from kundval.scoping import check_role
from kundval.transitions import Transitions
from providers.models import Provider

A = AccountStatus
PROVIDER = Role.PROVIDER_USER
QUALITY = Role.QUALITY_OFFICER
ACCOUNT_TRANSITIONS = Transitions(
    states=A,
    edges={
        (A.DRAFT, A.SUBMITTED): PROVIDER,
        (A.SUBMITTED, A.ACCEPTED): QUALITY,
        (A.SUBMITTED, A.RETURNED): QUALITY,
        (A.RETURNED, A.SUBMITTED): PROVIDER,
    },
    refusal=gettext_lazy("A quality account that is %(status)s cannot become %(to)s."),
)
# What the provider writes; the rest is the state and who moved it.
EDITABLE = (*FIGURES, "improvements", "goals", "quality_work")
OPEN_TO_PROVIDER = (A.DRAFT, A.RETURNED)


def quality_account_start(
    *, user, provider: Provider, municipality: Municipality, year: int | None = None
) -> QualityAccount:
    """The draft of the account the provider owes for `year` (last year),
    started if not yet; the one it has if started."""
    year = account_year() if year is None else year
    check_role(user, PROVIDER, provider_id=provider.pk)
    if year > account_year() or not account_owed(
        provider_id=provider.pk, municipality_id=municipality.pk, year=year
    ):
        raise ValidationError(_("No quality account is owed there for that year."))
    account, _created = QualityAccount.objects.get_or_create(
        provider=provider, municipality=municipality, year=year
    )
    return account


def quality_account_save(
    *, user, account: QualityAccount, data: dict
) -> QualityAccount:
    """Write the provider's answers into a draft or returned account."""
    check_role(user, PROVIDER, provider_id=account.provider_id)
    if account.status not in OPEN_TO_PROVIDER:
        raise ValidationError(_("A submitted quality account cannot be changed."))
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": sorted(unknown)}
        )
    for name, value in data.items():
        setattr(account, name, value)
    account.full_clean(
        exclude=["provider", "municipality", "submitted_by", "decided_by"]
    )
    account.save()
    return account


def quality_account_transition(
    *, user, account: QualityAccount, to: str, reason: str = ""
) -> QualityAccount:
    """Move the account along ACCOUNT_TRANSITIONS: submit (every figure
    given), accept, or return (with the quality unit's reason)."""
    with transaction.atomic():
        account = QualityAccount.objects.select_for_update().get(pk=account.pk)
        ACCOUNT_TRANSITIONS.check(
            account.status,
            to,
            user=user,
            municipality_id=account.municipality_id,
            provider_id=account.provider_id,
        )
        now = timezone.now()
        if to == A.SUBMITTED:
            _check_complete(account)
            account.submitted_at, account.submitted_by = now, user
        else:
            account.decided_at, account.decided_by = now, user
        if to == A.RETURNED:
            if not reason.strip():
                raise ValidationError({"reason": _("Say why it is returned.")})
            account.return_reason = reason.strip()
        account.status = to
        account.save()
        if to == A.RETURNED:
            _mail_returned(account)
    return account


def _check_complete(account: QualityAccount) -> None:
    missing = [
        str(QualityAccount._meta.get_field(name).verbose_name)
        for name in FIGURES
        if getattr(account, name) is None
    ]
    if missing:
        raise ValidationError(
            _("Fill in every figure before you submit: %(names)s.")
            % {"names": ", ".join(missing)}
        )


def _mail_returned(account: QualityAccount) -> None:
    """To every user of the provider, and its contact address."""
    provider = account.provider
    users = provider.memberships.exclude(user__email="").values_list(
        "user__email", flat=True
    )
    link = settings.SITE_URL + reverse("account-provider-detail", args=[account.pk])
    mail_queue(
        # One message per return: the decision's time tells them apart.
        key=f"quality-account-returned:{account.pk}:{account.decided_at.isoformat()}",
        template="followup/account_returned_email.txt",
        context={"account": account, "link": link},
        recipients=[provider.contact_email, *users],
    )
