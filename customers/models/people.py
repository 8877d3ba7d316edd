"""Customers of the municipality's home care (issue 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from customers.identity import formatted, is_coordination_number, masked
from customers.models.access import live_choice
from kundval.models import Area, Municipality, ScopePaths


class Customer(models.Model):
    """A person granted help, registered by a case officer.

    The identity number is stored as twelve digits and shown masked except
    where a task needs it; it never goes into a URL, a log line or a task.
    Once the retention period has run out (docs/retention.md) the row stays,
    pseudonymised, for the accounting records that point at it: `erased_on`
    is set and the identity, name, address and contact are gone.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="customers",
        verbose_name=_("municipality"),
    )
    # NULL, not "", once erased: erased customers must not collide in
    # one_customer_per_person_and_municipality.
    identity_number = models.CharField(  # noqa: DJ001
        _("personal identity or coordination number"), max_length=12, null=True
    )
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="customers", verbose_name=_("area")
    )
    contact_person = models.CharField(
        _("contact person (name and phone)"), max_length=200, blank=True
    )
    protected_identity = models.BooleanField(
        _("protected identity (address shown to case officers only)"), default=False
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    erased_on = models.DateField(_("personal data erased"), null=True, blank=True)

    # A provider reaches a customer only through a choice of it that has not
    # ended (customers.models.access.live_choice).
    scope_paths = ScopePaths(
        municipality="municipality",
        provider=lambda ids: models.Q(pk__in=_customers_of_providers(ids)),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "identity_number"],
                name="one_customer_per_person_and_municipality",
            ),
            models.CheckConstraint(
                condition=models.Q(identity_number__regex=r"^[0-9]{12}$"),
                name="identity_number_twelve_digits",
            ),
            # Erased exactly when nothing names the person any more.
            models.CheckConstraint(
                condition=models.Q(
                    erased_on__isnull=True, identity_number__isnull=False
                )
                | models.Q(
                    erased_on__isnull=False,
                    identity_number__isnull=True,
                    name="",
                    street_address="",
                    postal_code="",
                    city="",
                    contact_person="",
                ),
                name="customer_erased_without_identity",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"

    # An erased customer has no number; a page listing old visits shows "".
    @property
    def identity_masked(self) -> str:
        return masked(self.identity_number) if self.identity_number else ""

    @property
    def identity_full(self) -> str:
        return formatted(self.identity_number) if self.identity_number else ""

    @property
    def has_coordination_number(self) -> bool:
        return bool(self.identity_number) and is_coordination_number(
            self.identity_number
        )


def _customers_of_providers(provider_ids):
    return Customer.objects.filter(
        live_choice(provider_ids, path="decisions__choices__")
    ).values("pk")
