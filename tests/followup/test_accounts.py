"""The annual quality account: the state table over every pair, the
database's constraints, who may do what, and what each side sees."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import override

from authorization.models import Authorization
from followup.models import AccountStatus, QualityAccount
from followup.selectors.accounts import (
    account_for_quality,
    account_year,
    accounts_for_quality,
    accounts_of_provider,
    accounts_owed_by_provider,
    quality_account_of,
)
from followup.services.accounts import (
    ACCOUNT_TRANSITIONS,
    quality_account_save,
    quality_account_start,
    quality_account_transition,
)
from kundval.models import Role
from tests.factories import AreaFactory, ServiceFactory, authorize
from tests.transitions import check_pair, every_pair

pytestmark = pytest.mark.django_db
A = AccountStatus
FILLED = {
    "assistant_nurse_share": Decimal("72.5"),
    "staff_turnover": Decimal("18.0"),
    "staff_count": 40,
    "complaints_received": 6,
    "complaints_handled": 5,
    "improvements": "Nya rutiner för nyckelhantering.",
    "goals": "Högre personalkontinuitet.",
    "quality_work": "Egenkontroll varje kvartal.",
}


@pytest.fixture
def owing(world):
    """The world's authorizations in force since well before last year."""
    Authorization.objects.update(valid_from=date(account_year() - 1, 1, 1))
    return world


def started(world, **data):
    account = quality_account_start(
        user=world["provider_user"],
        provider=world["provider"],
        municipality=world["municipality"],
    )
    if data:
        quality_account_save(user=world["provider_user"], account=account, data=data)
    return account


def submitted(world):
    account = started(world, **FILLED)
    return quality_account_transition(
        user=world["provider_user"], account=account, to=A.SUBMITTED
    )


def _user_for(world, who):
    return {
        None: world["quality"],
        Role.QUALITY_OFFICER: world["quality"],
        Role.PROVIDER_USER: world["provider_user"],
    }[who]


@pytest.mark.parametrize(("source", "target"), every_pair(ACCOUNT_TRANSITIONS))
def test_every_pair_of_the_table(owing, source, target):
    account = started(owing, **FILLED)
    QualityAccount.objects.filter(pk=account.pk).update(
        status=source, return_reason="Fyll i målen."
    )
    check_pair(
        ACCOUNT_TRANSITIONS,
        source,
        target,
        move=lambda who: quality_account_transition(
            user=_user_for(owing, who), account=account, to=target, reason="Varför"
        ),
        state_of=lambda: QualityAccount.objects.get(pk=account.pk).status,
    )


def test_the_whole_round_and_the_mail_on_return(
    owing, mailoutbox, django_capture_on_commit_callbacks
):
    world = owing
    world["provider_user"].email = "anordnare@example.se"
    world["provider_user"].save()
    account = submitted(world)
    assert account.submitted_by == world["provider_user"]
    with pytest.raises(ValidationError):
        quality_account_transition(
            user=world["quality"], account=account, to=A.RETURNED
        )
    with django_capture_on_commit_callbacks(execute=True):
        account = quality_account_transition(
            user=world["quality"],
            account=account,
            to=A.RETURNED,
            reason="Personalomsättningen saknar förklaring.",
        )
    assert account.return_reason == "Personalomsättningen saknar förklaring."
    assert len(mailoutbox) == 1
    assert set(mailoutbox[0].to) == {"anordnare@example.se", "kontakt@example.se"}
    assert "Personalomsättningen saknar förklaring." in mailoutbox[0].body
    assert (
        quality_account_of(
            municipality_id=world["municipality"].pk,
            provider_id=world["provider"].pk,
            year=account_year(),
        )
        is None
    )
    quality_account_save(
        user=world["provider_user"], account=account, data={"goals": "Bättre mål."}
    )
    quality_account_transition(
        user=world["provider_user"], account=account, to=A.SUBMITTED
    )
    quality_account_transition(user=world["quality"], account=account, to=A.ACCEPTED)
    accepted = quality_account_of(
        municipality_id=world["municipality"].pk,
        provider_id=world["provider"].pk,
        year=account_year(),
    )
    assert accepted.pk == account.pk and accepted.goals == "Bättre mål."


def test_a_draft_without_its_figures_cannot_be_submitted(owing):
    account = started(owing, goals="Bara mål.")
    with pytest.raises(ValidationError, match="number of staff"), override("en"):
        quality_account_transition(
            user=owing["provider_user"], account=account, to=A.SUBMITTED
        )
    assert QualityAccount.objects.get(pk=account.pk).status == A.DRAFT


def test_a_submitted_account_cannot_be_changed(owing):
    account = submitted(owing)
    with pytest.raises(ValidationError):
        quality_account_save(
            user=owing["provider_user"], account=account, data={"goals": "Nya"}
        )


def test_only_the_providers_own_user_edits_and_submits(owing):
    account = started(owing, **FILLED)
    for outsider in (owing["other_provider_user"], owing["quality"]):
        with pytest.raises(PermissionDenied):
            quality_account_save(user=outsider, account=account, data={"goals": "x"})
        with pytest.raises(PermissionDenied):
            quality_account_transition(user=outsider, account=account, to=A.SUBMITTED)
    with pytest.raises(PermissionDenied):
        quality_account_start(
            user=owing["other_provider_user"],
            provider=owing["provider"],
            municipality=owing["municipality"],
        )


def test_only_the_municipalitys_quality_officer_decides(owing):
    account = submitted(owing)
    for outsider in (owing["other_quality"], owing["provider_user"]):
        with pytest.raises(PermissionDenied):
            quality_account_transition(user=outsider, account=account, to=A.ACCEPTED)
    with pytest.raises(PermissionDenied):
        quality_account_transition(
            user=owing["case_officer"], account=account, to=A.ACCEPTED
        )
    assert QualityAccount.objects.get(pk=account.pk).status == A.SUBMITTED


def test_an_account_is_owed_where_authorized_in_the_year_or_the_next(world):
    # Authorized this year (the world's default): owed for last year.
    assert started(world).year == account_year()
    owed = accounts_owed_by_provider(user=world["provider_user"], year=account_year())
    assert [row.municipality for row in owed] == [world["municipality"]]
    # Not for the year before that, nor once revoked before the year began.
    assert (
        accounts_owed_by_provider(user=world["provider_user"], year=account_year() - 1)
        == []
    )
    Authorization.objects.update(revoked_from=date(account_year(), 1, 1))
    assert (
        accounts_owed_by_provider(
            user=world["other_provider_user"], year=account_year()
        )
        == []
    )


def test_this_year_is_not_accounted_for_yet(owing):
    with pytest.raises(ValidationError):
        quality_account_start(
            user=owing["provider_user"],
            provider=owing["provider"],
            municipality=owing["municipality"],
            year=account_year() + 1,
        )


def test_a_provider_in_two_municipalities_owes_one_in_each(owing):
    second = owing["other_quality"].memberships.get().municipality
    service = ServiceFactory(municipality=second, slug="ledsagning", name="Ledsagning")
    authorize(
        owing["provider"],
        service,
        [AreaFactory(municipality=second)],
        valid_from=date(account_year(), 1, 1),
    )
    owed = accounts_owed_by_provider(user=owing["provider_user"], year=account_year())
    assert {row.municipality for row in owed} == {owing["municipality"], second}
    assert {row.status for row in owed} == {"missing"}
    for row in owed:
        quality_account_start(
            user=owing["provider_user"],
            provider=row.provider,
            municipality=row.municipality,
        )
    assert QualityAccount.objects.filter(provider=owing["provider"]).count() == 2
    # Starting one again gives the same draft.
    started(owing)
    assert QualityAccount.objects.filter(provider=owing["provider"]).count() == 2


def test_each_side_sees_its_own(owing):
    world = owing
    mine = submitted(world)
    theirs = QualityAccount.objects.create(
        provider=world["other_provider"],
        municipality=world["other_quality"].memberships.get().municipality,
        year=account_year(),
        status=A.SUBMITTED,
        **FILLED,
    )
    assert list(accounts_of_provider(user=world["provider_user"])) == [mine]
    assert list(accounts_of_provider(user=world["other_provider_user"])) == [theirs]
    rows = accounts_for_quality(user=world["quality"], year=account_year())
    assert [row.account for row in rows] == [mine]
    with pytest.raises(Exception, match="No QualityAccount"):
        account_for_quality(user=world["quality"], pk=theirs.pk)
    assert account_for_quality(user=world["other_quality"], pk=theirs.pk) == theirs


def test_the_quality_unit_sees_a_draft_as_missing(owing):
    draft = started(owing, goals="Halvfärdig")
    rows = accounts_for_quality(user=owing["quality"], year=account_year())
    assert [(row.provider, row.status) for row in rows] == [
        (owing["provider"], "missing")
    ]
    with pytest.raises(Exception, match="No QualityAccount"):
        account_for_quality(user=owing["quality"], pk=draft.pk)


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"assistant_nurse_share": Decimal("100.1")}, "quality_account_share_0_100"),
        ({"assistant_nurse_share": Decimal("-0.1")}, "quality_account_share_0_100"),
        ({"staff_turnover": Decimal("-1")}, "quality_account_turnover_not_negative"),
        ({"year": 1999}, "quality_account_year_in_range"),
        ({"status": "sent"}, "quality_account_status_known"),
        (
            {"status": A.SUBMITTED, "staff_count": None},
            "quality_account_figures_when_submitted",
        ),
        (
            {"status": A.RETURNED, "return_reason": ""},
            "quality_account_returned_with_reason",
        ),
    ],
)
def test_the_database_holds_the_ranges_and_states(owing, changes, constraint):
    account = started(owing, **FILLED)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        QualityAccount.objects.filter(pk=account.pk).update(**changes)


def test_one_account_per_provider_municipality_and_year(owing):
    account = started(owing)
    with pytest.raises(IntegrityError), transaction.atomic():
        QualityAccount.objects.create(
            provider=account.provider,
            municipality=account.municipality,
            year=account.year,
        )


def test_the_service_refuses_a_share_over_100(owing):
    account = started(owing)
    with pytest.raises(ValidationError):
        quality_account_save(
            user=owing["provider_user"],
            account=account,
            data={"assistant_nurse_share": Decimal("120")},
        )
    assert QualityAccount.objects.get(pk=account.pk).assistant_nurse_share is None
