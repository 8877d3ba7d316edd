"""E-mails to providers and the quality unit, sent by Celery tasks that pass
ids. A repeated delivery sends the same message again, which is harmless."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from authorization.models import Authorization, Sanction
from kundval.models import Role
from kundval.selectors import member_emails
from providers.selectors import provider_emails


def mail(*, subject: str, template: str, context: dict, recipients: set[str]):
    """Render and send in the portal's language (Swedish), whoever triggered it."""
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
    send_mail(subject, body, None, sorted(recipients))


def sanction_notify(*, sanction_id: int) -> None:
    sanction = Sanction.objects.select_related(
        "authorization__provider", "authorization__service__municipality", "condition"
    ).get(pk=sanction_id)
    authorization = sanction.authorization
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(sanction)s: %(service)s") % {
            "sanction": sanction.get_kind_display(),
            "service": authorization.service,
        }
    mail(
        subject=subject,
        template="authorization/sanction_email.txt",
        context={
            "sanction": sanction,
            "authorization": authorization,
            "link": _link("provider-authorization", authorization.pk),
        },
        recipients=provider_emails(authorization.provider),
    )


def contract_accepted_notify(*, authorization_id: int) -> None:
    """The provider gets its copy; the quality unit learns it is in force."""
    authorization = Authorization.objects.select_related(
        "provider", "service__municipality", "contract_accepted_by"
    ).get(pk=authorization_id)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Contract accepted: %(provider)s, %(service)s") % {
            "provider": authorization.provider,
            "service": authorization.service,
        }
    quality_unit = member_emails(
        authorization.service.municipality_id, Role.QUALITY_OFFICER
    )
    mail(
        subject=subject,
        template="authorization/contract_email.txt",
        context={
            "authorization": authorization,
            "link": _link("contract", authorization.pk),
        },
        recipients=provider_emails(authorization.provider) | quality_unit,
    )


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])
