"""Staff roles, and a user's role in a municipality."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kundval.models.base import ScopePaths
from kundval.models.places import Municipality


class Role(models.TextChoices):
    CASE_OFFICER = "case_officer", _("Case officer")
    QUALITY_OFFICER = "quality_officer", _("Quality officer")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Provider users are members of a provider, not of a municipality: the
    # providers app keeps that membership and tells scoping about it.
    PROVIDER_USER = "provider_user", _("Provider user")


MUNICIPAL_ROLES = [
    Role.CASE_OFFICER,
    Role.QUALITY_OFFICER,
    Role.FINANCE_OFFICER,
    Role.ADMINISTRATOR,
]


class Membership(models.Model):
    """A user's role in one municipality. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    scope_paths = ScopePaths(municipality="municipality")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in MUNICIPAL_ROLES]),
                name="membership_role_is_municipal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.municipality}"
