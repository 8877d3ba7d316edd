"""Business rules of customers: registering them (a read of one is
customers.selectors.customer_read)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.identity import normalize_identity_number
from customers.models import Customer
from kundval.models import Area, Municipality, Role
from kundval.scoping import check_role
from kundval.services import access_log_record


def customer_register(
    *,
    user,
    municipality: Municipality,
    identity_number: str,
    name: str,
    area: Area,
    **details,
) -> Customer:
    """A case officer registers a customer of their own municipality.

    The same person twice in one municipality is refused with a clear error.
    """
    check_role(user, Role.CASE_OFFICER, municipality_id=municipality.pk)
    if area.municipality_id != municipality.pk:
        raise ValidationError({"area": _("Choose an area of the municipality.")})
    try:
        stored = normalize_identity_number(identity_number, today=timezone.localdate())
    except ValidationError as error:
        raise ValidationError({"identity_number": error.error_list}) from None
    customer = Customer(
        municipality=municipality,
        identity_number=stored,
        name=name.strip(),
        area=area,
        **details,
    )
    customer.full_clean(exclude=["identity_number"], validate_unique=False)
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError:
        raise ValidationError(
            {"identity_number": _("The customer is already registered.")}
        ) from None
    access_log_record(
        user=user,
        municipality_id=municipality.pk,
        customer_id=customer.pk,
        what="register",
    )
    return customer
