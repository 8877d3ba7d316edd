"""Rows named by what a client system sends the customers API: an area or a
service by slug, interventions by slug, a provider by organisation number.
The municipality's reference data, not a customer's: nothing to log."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from customers.models import Intervention
from kundval.models import Area, Service
from providers.models import Provider


def area_named(*, municipality_id: int, slug: str) -> Area | None:
    """The municipality's area with that slug, if any."""
    return Area.objects.filter(municipality=municipality_id, slug=slug).first()


def service_named(*, municipality_id: int, slug: str) -> Service | None:
    """The municipality's service with that slug, if any."""
    return Service.objects.filter(municipality=municipality_id, slug=slug).first()


def interventions_named(*, service: Service, slugs: set[str]) -> list[Intervention]:
    """The service's interventions among `slugs`; fewer than asked for when
    a slug is not the service's."""
    return list(service.interventions.filter(slug__in=slugs))


def provider_by_number(*, organisation_number: str) -> Provider | None:
    """The provider with that organisation number (dashes and spaces around
    it ignored), if any."""
    number = organisation_number.replace("-", "").strip()
    return Provider.objects.filter(organisation_number=number).first()


def provider_numbered(*, organisation_number: str | None) -> Provider | None:
    """The provider an API request names by organisation number (None when it
    names none); a number no provider has is the client's error, on the field
    `provider` (kundval.rest answers it with a 400)."""
    if organisation_number is None:
        return None
    provider = provider_by_number(organisation_number=organisation_number)
    if provider is None:
        raise ValidationError(
            {"provider": [_("No provider has that organisation number.")]}
        )
    return provider
