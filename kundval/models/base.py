"""What models of every app share: the slug rule, how a model is scoped
(ScopePaths), the change record (who, when, why) and a day range for
exclusion constraints."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.postgres.fields import DateRangeField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

slug_validator = RegexValidator(
    r"^[a-z0-9-]+$", _("Use lowercase letters a–z, digits and hyphens only.")
)


class ScopePaths:
    """How a model is reached from a municipality and a provider, for scoping.

    `municipality` and `provider` are ORM lookup paths ("pk", "municipality",
    "choice__provider"); None means that kind of user never sees the model.
    Where a provider's reach depends on more than a path (a customer is seen
    only while a choice of the provider lasts), `provider` is a function
    from the user's provider ids to a Q.
    """

    def __init__(
        self,
        *,
        municipality: str | None,
        provider: str | Callable[[frozenset[int]], Q] | None = None,
    ):
        self.municipality = municipality
        self.provider = provider


class ChangeRecord(models.Model):
    """Who made a change, when, and why (docs/architecture.md). Each app's event model
    adds what it belongs to and what changed: from and to, or what."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("why"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class DateRange(models.Func):
    """daterange(start, end, '[]'): both days included; no end is unbounded.
    Exclusion constraints use it: one provider at a time, one tariff at a time."""

    function = "daterange"
    output_field = DateRangeField()
