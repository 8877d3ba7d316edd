"""Reads of the providers' annual quality accounts: which accounts a
provider owes and has filed, the quality unit's view of a year (submitted,
accepted, returned, missing), and one account for the annual report and the
comparison page (`quality_account_of`).

A provider owes an account for a year in each municipality where one of its
authorizations was in force on some day of that year or of the year after,
when the account is filed (a provider new then says what it has done)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from authorization.models import Authorization
from followup.models import AccountStatus, QualityAccount
from kundval.models import Municipality, Role
from kundval.scoping import scope_of, visible
from providers.models import Provider

QUALITY = Role.QUALITY_OFFICER


def account_year() -> int:
    """The year a provider accounts for now: the one before this one."""
    return timezone.localdate().year - 1


def _owing(year: int, *, municipality_ids=None, provider_ids=None) -> set[tuple]:
    """(provider id, municipality id) of the accounts owed for `year`."""
    authorizations = Authorization.objects.filter(
        contract_accepted_at__isnull=False, valid_from__lte=date(year + 1, 12, 31)
    ).filter(Q(revoked_from__isnull=True) | Q(revoked_from__gt=date(year, 1, 1)))
    if municipality_ids is not None:
        authorizations = authorizations.filter(
            service__municipality_id__in=municipality_ids
        )
    if provider_ids is not None:
        authorizations = authorizations.filter(provider_id__in=provider_ids)
    return set(authorizations.values_list("provider_id", "service__municipality_id"))


def account_owed(*, provider_id: int, municipality_id: int, year: int) -> bool:
    owed = _owing(year, municipality_ids=[municipality_id], provider_ids=[provider_id])
    return bool(owed)


@dataclass(frozen=True)
class Owed:
    """One account owed: the provider, the municipality and the account
    itself once started (None before)."""

    provider: Provider
    municipality: Municipality
    account: QualityAccount | None

    @property
    def status(self) -> str:
        """The account's state; "missing" when not started."""
        return self.account.status if self.account else "missing"


def _owed_rows(pairs: set[tuple], accounts: QuerySet[QualityAccount]) -> list[Owed]:
    by_pair = {(a.provider_id, a.municipality_id): a for a in accounts}
    providers = Provider.objects.in_bulk({p for p, _m in pairs | set(by_pair)})
    towns = Municipality.objects.in_bulk({m for _p, m in pairs | set(by_pair)})
    rows = [
        Owed(providers[p], towns[m], by_pair.get((p, m)))
        for p, m in pairs | set(by_pair)
    ]
    return sorted(rows, key=lambda row: (row.municipality.name, row.provider.name))


def accounts_owed_by_provider(*, user, year: int) -> list[Owed]:
    """The accounts the user's providers owe for `year`, started or not."""
    provider_ids = scope_of(user).provider_ids
    pairs = _owing(year, provider_ids=provider_ids)
    accounts = visible(QualityAccount.objects.all(), user, Role.PROVIDER_USER)
    return _owed_rows(pairs, accounts.filter(year=year))


def accounts_of_provider(*, user) -> QuerySet[QualityAccount]:
    """Every account of the user's providers, the latest year first."""
    accounts = visible(QualityAccount.objects.all(), user, Role.PROVIDER_USER)
    return accounts.select_related("provider", "municipality")


def account_for_provider(*, user, pk: int) -> QualityAccount:
    return get_object_or_404(accounts_of_provider(user=user), pk=pk)


def _shown_to_quality(user) -> QuerySet[QualityAccount]:
    """A draft is the provider's own work: the quality unit sees it once
    submitted."""
    accounts = visible(QualityAccount.objects.all(), user, QUALITY)
    return accounts.exclude(status=AccountStatus.DRAFT).select_related(
        "provider", "municipality"
    )


def accounts_for_quality(*, user, year: int) -> list[Owed]:
    """The year's accounts of the user's municipalities: every provider that
    owes one, with its account (a draft counts as missing), and any account
    filed by a provider whose authorization has since ended."""
    municipality_ids = scope_of(user).municipality_ids(QUALITY)
    pairs = _owing(year, municipality_ids=municipality_ids)
    rows = _owed_rows(pairs, _shown_to_quality(user).filter(year=year))
    return rows


def account_for_quality(*, user, pk: int) -> QualityAccount:
    return get_object_or_404(_shown_to_quality(user), pk=pk)


def quality_account_of(
    *, municipality_id: int, provider_id: int, year: int
) -> QualityAccount | None:
    """The provider's accepted account of `year` in the municipality, for
    the annual report and the comparison page; None if it has none accepted
    (a draft, submitted or returned account is not yet the provider's word
    as the municipality has received it)."""
    return QualityAccount.objects.filter(
        municipality_id=municipality_id,
        provider_id=provider_id,
        year=year,
        status=AccountStatus.ACCEPTED,
    ).first()
