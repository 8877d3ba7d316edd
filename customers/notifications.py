"""Mail about orders, through the one mail path (kundval.mail). It names no
customer and carries no identity number: the reader signs in to see who it
is (OSL 26 kap)."""

from django.conf import settings
from django.urls import reverse

from customers.models import Choice, Notice
from kundval.mail import mail_queue
from providers.selectors import provider_emails


def notice_mail(notice: Notice) -> None:
    """Each notice in a provider's inbox is also mailed to the provider."""
    mail_queue(
        key=f"notice:{notice.pk}",
        template="customers/notice_email.txt",
        context={
            "notice": notice,
            "link": settings.SITE_URL + reverse("order-page", args=[notice.choice_id]),
        },
        recipients=provider_emails(notice.provider),
    )


def declined_mail(choice: Choice) -> None:
    """The case goes back to the officer who ordered it."""
    mail_queue(
        key=f"choice-declined:{choice.pk}",
        template="customers/declined_email.txt",
        context={"choice": choice, "link": settings.SITE_URL + reverse("work-list")},
        recipients=[choice.ordered_by.email],
    )
