"""Business rules for providers: registration."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from providers.models import Provider, ProviderKind, ProviderMembership
from providers.validators import normalize_provider_number


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
    username: str,
    password: str,
) -> ProviderMembership:
    """Register a private provider and its first user, who becomes its administrator."""
    number = normalize_provider_number(organisation_number)
    if Provider.objects.filter(organisation_number=number).exists():
        raise ValidationError(
            {
                "organisation_number": _(
                    "A provider with this number is already registered."
                )
            }
        )
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
    user = get_user_model().objects.create_user(
        username=username, email=contact_email, password=password
    )
    return ProviderMembership.objects.create(
        user=user, provider=provider, is_admin=True
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "anordnare"
    slug, suffix = base, 2
    while Provider.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
