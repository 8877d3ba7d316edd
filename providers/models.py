"""Providers (anordnare, utförare) and the users who act for them."""

from django.conf import settings
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kundval.models import ChangeRecord, Municipality, ScopePaths, slug_validator


class ProviderKind(models.TextChoices):
    PRIVATE = "private", _("Private")
    MUNICIPAL = "municipal", _("Municipal (own unit)")


class Provider(models.Model):
    """A company, association or the municipality's own unit.

    A private provider may serve several municipalities, so it belongs to
    none; a municipal unit belongs to its municipality.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=60, unique=True, validators=[slug_validator]
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProviderKind.choices, default="private"
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_units",
        verbose_name=_("municipality (own unit)"),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=12,
        unique=True,
        help_text=_("Ten digits; a sole trader's personnummer has twelve."),
    )
    f_tax_confirmed = models.BooleanField(_("approved for F-tax"), default=False)
    vat_number = models.CharField(_("VAT number"), max_length=14, blank=True)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6)
    city = models.CharField(_("city"), max_length=100)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    signatory_name = models.CharField(_("authorised signatory"), max_length=200)
    # What customers compare on when they choose (issue 5 item 3).
    languages = models.CharField(
        _("languages besides Swedish"),
        max_length=200,
        blank=True,
        help_text=_("Separate with commas, such as: finska, arabiska"),
    )
    specialisations = models.CharField(
        _("specialisations"),
        max_length=300,
        blank=True,
        help_text=_("Separate with commas, such as: demens, palliativ vård"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    # Municipal staff see their own units here; private providers become
    # visible to a municipality through applications (next steps of issue 4).
    scope_paths = ScopePaths(municipality="municipality", provider="pk")

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    organisation_number__regex=r"^([0-9]{10}|[0-9]{12})$"
                ),
                name="provider_number_10_or_12_digits",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="municipal", municipality__isnull=False)
                    | models.Q(kind="private", municipality__isnull=True)
                ),
                name="provider_municipal_unit_has_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sole_trader(self) -> bool:
        return len(self.organisation_number) == 12

    @property
    def organisation_number_display(self) -> str:
        """Organisation numbers in full; a sole trader's personnummer masked."""
        number = self.organisation_number
        if self.is_sole_trader:
            return f"{number[:8]}-****"
        return f"{number[:6]}-{number[6:]}"


class ProviderMembership(models.Model):
    """A user acting for a provider; the provider's administrator invites others."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_memberships",
        verbose_name=_("user"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("provider"),
    )
    is_admin = models.BooleanField(_("administrator of the provider"), default=False)

    scope_paths = ScopePaths(municipality=None, provider="provider")

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "provider"], name="provider_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.provider}"


# What a provider's administrator may change on the profile page. The
# organisation number, kind and municipality say who the provider is, so only
# operators change them.
PROFILE_FIELDS = (
    "name",
    "street_address",
    "postal_code",
    "city",
    "contact_email",
    "contact_phone",
    "signatory_name",
    "vat_number",
    "f_tax_confirmed",
    "languages",
    "specialisations",
)


class ProviderChange(ChangeRecord):
    """One changed field of a provider's profile: who, when, from what to what."""

    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("provider"),
    )
    field = models.CharField(_("field"), max_length=40)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    note = None  # the profile's own fields say what changed; no reason asked

    scope_paths = ScopePaths(municipality=None, provider="provider")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("provider profile change")
        verbose_name_plural = _("provider profile changes")

    def __str__(self) -> str:
        return f"{self.provider}: {self.field}"

    @property
    def field_label(self) -> str:
        return capfirst(Provider._meta.get_field(self.field).verbose_name)

    @property
    def old_display(self) -> str:
        return self._shown(self.old_value)

    @property
    def new_display(self) -> str:
        return self._shown(self.new_value)

    def _shown(self, value: str) -> str:
        # Values are stored as text; a yes/no field reads better as words.
        if isinstance(Provider._meta.get_field(self.field), models.BooleanField):
            return _("Yes") if value == "True" else _("No")
        return value or "–"
