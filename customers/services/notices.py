"""The provider's inbox: a notice for each change of one of its choices,
mailed, and marked read when the provider opens the order."""

from django.conf import settings
from django.utils import timezone, translation

from customers.models import Choice, Notice
from customers.notifications import notice_mail
from kundval.models import Role
from kundval.scoping import holds_role


def notice_send(choice: Choice, kind: str, text, **params) -> None:
    """A notice in the provider's inbox. Its text is in the portal's own
    language, not in the language of the officer whose action caused it."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(text) % params if params else str(text)
    notice = Notice.objects.create(
        provider_id=choice.provider_id, choice=choice, kind=kind, text=text
    )
    notice_mail(notice)


def notices_read(*, user, choice: Choice) -> None:
    """The provider has opened the order: its notices are read."""
    if holds_role(user, Role.PROVIDER_USER, provider_id=choice.provider_id):
        choice.notices.filter(read_at__isnull=True).update(read_at=timezone.now())
