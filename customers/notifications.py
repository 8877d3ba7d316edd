"""E-mails about orders. They name no customer and carry no identity
number: the reader signs in to see who it is (OSL 26 kap)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from customers.models import Choice, Notice
from providers.selectors import provider_emails


def _mail(*, subject, template: str, context: dict, recipients: set[str]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
        send_mail(str(subject), body, None, sorted(recipients))


def provider_notice_mail(*, notice_id: int) -> None:
    notice = Notice.objects.select_related("provider", "choice__decision__service").get(
        pk=notice_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Kundval: %(what)s") % {"what": notice.get_kind_display()}
    _mail(
        subject=subject,
        template="customers/notice_email.txt",
        context={
            "notice": notice,
            "link": settings.SITE_URL + reverse("order-page", args=[notice.choice_id]),
        },
        recipients=provider_emails(notice.provider),
    )


def declined_mail(*, choice_id: int) -> None:
    """The case goes back to the officer who ordered it."""
    choice = Choice.objects.select_related(
        "provider", "ordered_by", "decision__service"
    ).get(pk=choice_id)
    if not choice.ordered_by.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Kundval: an order was declined")
    _mail(
        subject=subject,
        template="customers/declined_email.txt",
        context={
            "choice": choice,
            "link": settings.SITE_URL + reverse("work-list"),
        },
        recipients={choice.ordered_by.email},
    )
