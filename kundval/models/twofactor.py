"""The record of a two-factor reset: an administrator removed a user's
authenticator and recovery codes, so the user enrols anew at next sign-in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kundval.models.base import ChangeRecord


class TwoFactorReset(ChangeRecord):
    """Who reset whose second factor, and when (the devices themselves are gone)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="two_factor_resets",
        verbose_name=_("user"),
    )

    class Meta(ChangeRecord.Meta):
        verbose_name = _("two-factor reset")
        verbose_name_plural = _("two-factor resets")

    def __str__(self) -> str:
        return f"{self.user} · {self.by} · {self.at:%Y-%m-%d %H:%M}"
