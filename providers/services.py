"""Business rules for providers: registration, colleagues and the profile."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kundval.accounts import account_with_address, password_set_link
from kundval.mail import mail_flooded, mail_queue
from kundval.models import Role
from kundval.scoping import check_role
from providers.models import (
    PROFILE_FIELDS,
    Provider,
    ProviderChange,
    ProviderKind,
    ProviderMembership,
)
from providers.selectors import administers
from providers.validators import normalize_provider_number

# Mails to the owner of an address someone registers with, at most a day.
KNOWN_ADDRESS_MAILS_A_DAY = 3


def vat_number_for(number: str) -> str:
    """The Swedish VAT number: SE, the ten-digit number, 01."""
    return f"SE{number[-10:]}01"


@transaction.atomic
def provider_register(
    *,
    name: str,
    organisation_number: str,
    f_tax_confirmed: bool,
    vat_registered: bool,
    street_address: str,
    postal_code: str,
    city: str,
    contact_email: str,
    contact_phone: str,
    signatory_name: str,
    email: str,
) -> ProviderMembership | None:
    """Register a private provider and its first user, its administrator,
    who chooses a password from a mailed link (which proves the address).

    The address is the user name. If an account has it already, nothing is
    registered and the account's owner is told by mail: the page answers the
    same either way, so it tells nobody which addresses have accounts.
    """
    number = normalize_provider_number(organisation_number)
    # Who is registered as a provider is public (the trade register); who
    # has an account is not.
    if Provider.objects.filter(organisation_number=number).exists():
        raise ValidationError(
            {
                "organisation_number": _(
                    "A provider with this number is already registered."
                )
            }
        )
    existing = account_with_address(email)
    if existing is not None:
        _known_address_mail(existing, email, name, number)
        return None
    provider = Provider.objects.create(
        name=name,
        slug=_unique_slug(name),
        kind=ProviderKind.PRIVATE,
        organisation_number=number,
        f_tax_confirmed=f_tax_confirmed,
        vat_number=vat_number_for(number) if vat_registered else "",
        street_address=street_address,
        postal_code=postal_code,
        city=city,
        contact_email=contact_email,
        contact_phone=contact_phone,
        signatory_name=signatory_name,
    )
    user = get_user_model().objects.create_user(username=email.lower(), email=email)
    membership = ProviderMembership.objects.create(
        user=user, provider=provider, is_admin=True
    )
    _password_link_mail(membership, "providers/registration_email.txt")
    return membership


def _known_address_mail(existing, email: str, name: str, number: str) -> None:
    """Tell the owner of an address that someone registered a provider with
    it; a handful a day at most, whatever numbers are tried."""
    prefix = f"registration-known:{existing.pk}:"
    if mail_flooded(prefix, most=KNOWN_ADDRESS_MAILS_A_DAY, within=timedelta(days=1)):
        return
    mail_queue(
        key=f"{prefix}{number}",
        template="providers/registration_known_email.txt",
        context={"user": existing, "name": name},
        recipients=[existing.email or email],
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "anordnare"
    slug, suffix = base, 2
    while Provider.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def provider_invite(
    *,
    inviter,
    provider: Provider,
    first_name: str,
    last_name: str,
    email: str,
) -> ProviderMembership | None:
    """Add a colleague to `provider`, with the address as user name; they set
    their own password from an e-mail.

    Only the provider's administrators may invite. The new user has no usable
    password until they follow the link. An address that has an account
    already is not added (that would hand a provider someone's account): its
    owner is told by mail, and the inviter sees the same as for a new one.
    """
    _check_administrator(inviter, provider)
    with transaction.atomic():
        existing = account_with_address(email)
        if existing is not None:
            mail_queue(
                key=f"invitation-known:{provider.pk}:{existing.pk}",
                template="providers/invitation_known_email.txt",
                context={"user": existing, "provider": provider},
                recipients=[existing.email or email],
            )
            return None
        user = get_user_model().objects.create_user(
            username=email.lower(),
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
        membership = ProviderMembership.objects.create(user=user, provider=provider)
        _password_link_mail(membership, "providers/invitation_email.txt")
    return membership


def _password_link_mail(membership: ProviderMembership, template: str) -> None:
    """A mail with the link to choose a password. The link works until the
    password is set, and for a few days at most (PASSWORD_RESET_TIMEOUT)."""
    user = membership.user
    mail_queue(
        key=f"password-link:{membership.pk}",
        template=template,
        context={
            "user": user,
            "provider": membership.provider,
            "link": password_set_link(user),
        },
        recipients=[user.email],
    )


def provider_update(*, user, provider: Provider, changes: dict) -> list[ProviderChange]:
    """Change the provider's profile; each changed field is recorded (who,
    when, before and after: docs/architecture.md, change records).

    Only the provider's administrators may. Returns the recorded changes, none
    when nothing differed. Raises ValidationError for values the model refuses.
    """
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    _check_administrator(user, provider)
    with transaction.atomic():
        provider = Provider.objects.select_for_update().get(pk=provider.pk)
        before = {field: getattr(provider, field) for field in changes}
        for field, value in changes.items():
            setattr(provider, field, value)
        # Only the fields given are checked: a flaw elsewhere (say, an old
        # slug) is not the administrator's to fix and must not lock them out.
        others = [f.name for f in Provider._meta.fields if f.name not in changes]
        provider.full_clean(exclude=others)  # also turns values into their types
        recorded = _records(provider, before, user=user)
        if recorded:
            provider.save(update_fields=[change.field for change in recorded])
            ProviderChange.objects.bulk_create(recorded)
    return recorded


def _records(provider: Provider, before: dict, *, user) -> list[ProviderChange]:
    """Unsaved records of the fields whose value now differs from `before`."""
    now = timezone.now()
    return [
        ProviderChange(
            provider=provider,
            field=field,
            old_value=str(old),
            new_value=str(getattr(provider, field)),
            by=user,
            at=now,
        )
        for field, old in before.items()
        if getattr(provider, field) != old
    ]


def _check_administrator(user, provider: Provider) -> None:
    """A provider's administrators add colleagues and keep its profile: a
    user of the provider whose membership says administrator."""
    check_role(user, Role.PROVIDER_USER, provider_id=provider.pk)
    if not administers(user=user, provider=provider):
        raise PermissionDenied
