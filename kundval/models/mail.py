"""Outgoing mail, kept until it is sent (kundval.mail)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Mail(models.Model):
    """One message, rendered when its cause was saved and sent by a task.

    `key` names the cause ("sanction:12"): the same cause queues one message
    only. `sent_at` is the sent mark: a task delivered twice (Celery may do
    that after a worker dies) finds it set and sends nothing. The body is
    emptied once sent, since it may hold a sign-in link.
    """

    key = models.CharField(_("cause"), max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    recipients = ArrayField(models.EmailField(), verbose_name=_("recipients"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="mail_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.subject}"
