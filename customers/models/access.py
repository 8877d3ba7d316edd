"""Which choices give a provider access to a customer.

Both a customer (models.people) and the rows about a choice (models.choices)
are scoped by this one rule, so it lives here, importing neither: a customer
need not know the Choice model to say which providers reach it.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChoiceStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered, awaiting the provider")
    ACCEPTED = "accepted", _("Accepted by the provider")
    DECLINED = "declined", _("Declined by the provider")
    WITHDRAWN = "withdrawn", _("Withdrawn before it started")


# A declined or withdrawn choice never gave the customer help: it takes no
# room in the customer's time line and gives the provider no access.
LIVE_STATUSES = [ChoiceStatus.ORDERED, ChoiceStatus.ACCEPTED]


def live_choice(provider_ids, *, on: date | None = None, path: str = "") -> Q:
    """A choice (reached by the lookup `path`, say "decisions__choices__")
    that gives one of `provider_ids` access on `on` (today): ordered or
    accepted, and not ended before that day. A choice that starts later is
    already live: the provider must see the order to accept and plan it."""
    day = on or timezone.localdate()
    return Q(
        **{f"{path}provider__in": provider_ids, f"{path}status__in": LIVE_STATUSES}
    ) & (Q(**{f"{path}ends_on__isnull": True}) | Q(**{f"{path}ends_on__gte": day}))
