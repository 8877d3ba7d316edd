"""The mail of authorization, to providers and the quality unit, through the
one mail path (kundval.mail): queued in the caller's transaction, sent once."""

from django.conf import settings
from django.urls import reverse

from authorization.models import (
    ApplicationEvent,
    Authorization,
    Document,
    Report,
    Sanction,
)
from kundval.mail import mail_queue
from kundval.models import Role
from kundval.selectors import member_emails
from providers.selectors import provider_emails


def application_event_mail(event: ApplicationEvent) -> None:
    """A request for completion or a decision, to the provider's contact
    address and its administrators."""
    application = event.application
    mail_queue(
        key=f"application-event:{event.pk}",
        template="authorization/application_event_email.txt",
        context={
            "event": event,
            "application": application,
            "link": _link("application-edit", application.pk),
        },
        recipients=provider_emails(application.provider),
    )


def report_serious_mail(report: Report) -> None:
    """A serious deviation or lex Sarah report, to the municipality's quality
    unit at once (its key: one message per report)."""
    authorization = report.authorization
    mail_queue(
        key=f"report-serious:{report.pk}",
        template="authorization/report_serious_email.txt",
        context={
            "report": report,
            "authorization": authorization,
            "link": _link("deviation-detail", report.pk),
        },
        recipients=member_emails(
            authorization.service.municipality_id, Role.QUALITY_OFFICER
        ),
    )


def sanction_mail(sanction: Sanction) -> None:
    authorization = sanction.authorization
    mail_queue(
        key=f"sanction:{sanction.pk}",
        template="authorization/sanction_email.txt",
        context={
            "sanction": sanction,
            "authorization": authorization,
            "link": _link("provider-authorization", authorization.pk),
        },
        recipients=provider_emails(authorization.provider),
    )


def contract_accepted_mail(authorization: Authorization) -> None:
    """The provider gets its copy; the quality unit learns it is in force."""
    quality_unit = member_emails(
        authorization.service.municipality_id, Role.QUALITY_OFFICER
    )
    mail_queue(
        key=f"contract-accepted:{authorization.pk}",
        template="authorization/contract_email.txt",
        context={
            "authorization": authorization,
            "link": _link("contract", authorization.pk),
        },
        recipients=provider_emails(authorization.provider) | quality_unit,
    )


def document_reminder_mail(document: Document) -> None:
    """A certificate runs out: to the provider and the quality unit."""
    quality_unit = member_emails(document.municipality_id, Role.QUALITY_OFFICER)
    mail_queue(
        key=f"document-reminder:{document.pk}",
        template="authorization/document_reminder_email.txt",
        context={
            "document": document,
            "link": settings.SITE_URL + reverse("provider-home"),
        },
        recipients=provider_emails(document.provider) | quality_unit,
    )


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])
