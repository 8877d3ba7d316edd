"""The one path for every mail the portal sends (docs/architecture.md).

A service calls `mail_queue` inside its transaction. The message is
rendered there, from a template, in the portal's language (Swedish) whoever
caused it, and stored as a `Mail` row named by its cause (`key`); when the
transaction commits, a task sends it. If the transaction rolls back, there is
no row and nothing is sent.

Sending is idempotent: `mail_send` locks the row and sets its sent mark, so a
task delivered twice (Celery may do that after a worker dies) sends once. If
the broker was down when the transaction committed, the row waits unsent and
the beat task `send_waiting_mail` sends it later.

A mail template's first line is the subject and the rest is the body. Mail
is plain text, so templates render without HTML escaping.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation

from kundval import tasks
from kundval.models import Mail

logger = logging.getLogger(__name__)
# A message unsent this long lost its task (the broker was down): the beat
# task sends it.
WAITING = timedelta(minutes=10)
# Unsent after this long, a message is given up: its news is stale, and an
# invitation's link has expired (Django's PASSWORD_RESET_TIMEOUT is 3 days).
GIVE_UP = timedelta(days=3)


def mail_queue(
    *, key: str, template: str, context: dict, recipients: Iterable[str]
) -> Mail | None:
    """Render `template` and send it to `recipients` once the caller's
    transaction commits. The same `key` queues one message only; with no
    address to send to, nothing is queued."""
    to = sorted({address for address in recipients if address})
    if not to:
        return None
    subject, body = _render(template, context)
    mail, created = Mail.objects.get_or_create(
        key=key, defaults={"subject": subject, "body": body, "recipients": to}
    )
    if created:
        # robust: a broker that is down must not undo the saved change; the
        # row waits for the beat task instead.
        transaction.on_commit(lambda: tasks.send_mail.delay(mail.pk), robust=True)
    return mail


def mail_flooded(key_prefix: str, *, most: int, within: timedelta) -> bool:
    """True when `most` messages whose key starts with `key_prefix` were
    queued within `within`: the pages anyone may use to make the portal
    mail someone (a forgotten password, a registration with a known
    address) stop there, so nobody can flood an inbox through them."""
    since = timezone.now() - within
    recent = Mail.objects.filter(key__startswith=key_prefix, created_at__gte=since)
    return recent.count() >= most


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        text = get_template(template).template.render(
            Context(context, autoescape=False)
        )
    subject, _newline, body = text.strip().partition("\n")
    return " ".join(subject.split())[:300], body.strip() + "\n"


def mail_send(*, mail_id: int) -> bool:
    """Send one queued message unless it has been sent; True if sent now.
    The body is emptied once sent: it may hold a sign-in link."""
    with transaction.atomic():
        mail = Mail.objects.select_for_update().get(pk=mail_id)
        if mail.sent_at is not None:
            return False
        send_mail(mail.subject, mail.body, None, mail.recipients)
        mail.sent_at = timezone.now()
        mail.body = ""
        mail.save(update_fields=["sent_at", "body"])
    return True


def mail_send_waiting() -> int:
    """Send what has waited unsent longer than WAITING; the number sent. A
    message the mail server refuses waits for the next run, and the others
    go on; one still unsent after GIVE_UP is given up (kept, with no body)."""
    now = timezone.now()
    unsent = Mail.objects.filter(sent_at__isnull=True)
    given_up = unsent.filter(created_at__lt=now - GIVE_UP).exclude(body="")
    for key in given_up.values_list("key", flat=True):
        logger.error("Mail %s was never sent; it is given up.", key)
    given_up.update(body="")
    waiting = unsent.filter(
        created_at__lt=now - WAITING, created_at__gte=now - GIVE_UP
    ).values_list("pk", flat=True)
    sent = 0
    for pk in waiting:
        try:
            sent += mail_send(mail_id=pk)
        except OSError:  # smtplib's errors are OSErrors
            logger.exception("Mail %s could not be sent; it waits.", pk)
    return sent
