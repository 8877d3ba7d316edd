"""Complaints and opinions (issue 15 item 1): filed by anyone on the public
form, registered by staff from a call or a letter, handled by the quality
unit through an explicit state table, answered by the provider concerned."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from authorization.selectors import authorized_providers
from customers.selectors import customer_id_in
from followup.models import (
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    ComplaintTerms,
    SeriousQuestion,
)
from kundval.mail import mail_queue
from kundval.models import Municipality, Role
from kundval.scoping import check_role
from kundval.selectors import member_emails
from kundval.transitions import Transitions
from vouchers.calendar import working_days_after

S = ComplaintStatus
QUALITY = Role.QUALITY_OFFICER
# The quality unit moves a complaint along; whoever it is about answers it.
_HANDLING = {
    (S.RECEIVED, S.ASSIGNED): QUALITY,
    (S.ASSIGNED, S.INVESTIGATING): QUALITY,
    (S.ANSWERED, S.CLOSED): QUALITY,
    # The complainant is not satisfied with the answer.
    (S.ANSWERED, S.REOPENED): QUALITY,
    (S.CLOSED, S.REOPENED): QUALITY,
    (S.REOPENED, S.INVESTIGATING): QUALITY,
}
_REFUSAL = gettext_lazy("A complaint that is %(status)s cannot become %(to)s.")
PROVIDER_COMPLAINT_TRANSITIONS = Transitions(
    states=S,
    edges={**_HANDLING, (S.INVESTIGATING, S.ANSWERED): Role.PROVIDER_USER},
    refusal=_REFUSAL,
)
MUNICIPALITY_COMPLAINT_TRANSITIONS = Transitions(
    states=S,
    edges={**_HANDLING, (S.INVESTIGATING, S.ANSWERED): QUALITY},
    refusal=_REFUSAL,
)

# The public form: this many complaints an hour from one address, then a
# refusal (a person rarely files more; a script does).
RATE_LIMIT = 5
RATE_WINDOW = timedelta(hours=1)
TEXT_LIMIT = 5000


@dataclass(frozen=True)
class Filing:
    """What a complainant gives, on the form, on the phone or in a letter."""

    municipality: Municipality
    provider_id: int | None
    about_municipality: bool
    category: str
    text: str
    serious_answers: tuple[str, ...] = ()
    anonymous: bool = False
    name: str = ""
    email: str = ""
    phone: str = ""


def complaint_transitions(complaint: Complaint) -> Transitions:
    """The table of a complaint: the provider concerned answers its own."""
    if complaint.provider_id:
        return PROVIDER_COMPLAINT_TRANSITIONS
    return MUNICIPALITY_COMPLAINT_TRANSITIONS


def client_hash(address: str) -> str:
    """What is kept of the sender's address for the rate limit: a keyed hash."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def complaint_file(*, filing: Filing, submission_key: str, address: str) -> Complaint:
    """The public form. The same submission key gives the same complaint (a
    double click files one); too many from one address are refused."""
    if not submission_key:
        raise ValidationError(_("The form was not sent whole. Send it again."))
    existing = Complaint.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing
    sender = client_hash(address)
    since = timezone.now() - RATE_WINDOW
    recent = Complaint.objects.filter(client_hash=sender, received_at__gte=since)
    if recent.count() >= RATE_LIMIT:
        raise ValidationError(
            _("Too many complaints have been sent from here. Try again later.")
        )
    return _create_once(
        filing, channel=Channel.WEB, submission_key=submission_key, client_hash=sender
    )


def complaint_register(
    *,
    user,
    filing: Filing,
    channel: str,
    identity_number: str = "",
    idempotency_key: str = "",
) -> Complaint:
    """Staff register a complaint received by phone or letter, linked to the
    customer with `identity_number` if given (reading its contact details is
    then logged as a read of the customer's data); a partner system sends one
    through the API (channel api) with an idempotency key, so a request sent
    again files no second complaint."""
    check_role(
        user,
        QUALITY,
        Role.CASE_OFFICER,
        municipality_id=filing.municipality.pk,
    )
    if channel not in (Channel.PHONE, Channel.LETTER, Channel.API):
        raise ValidationError(_("Choose how the complaint was received."))
    extra = {"channel": channel, "customer_id": _customer_id(filing, identity_number)}
    if not idempotency_key:
        with transaction.atomic():
            return _create(filing, **extra)
    # Each user's keys are their own: another system's key never finds this
    # one's complaint. A hash is 64 hex digits, never a form's 32.
    key = hashlib.sha256(f"{user.pk}:{idempotency_key}".encode()).hexdigest()
    existing = Complaint.objects.filter(submission_key=key).first()
    return existing or _create_once(filing, submission_key=key, **extra)


def _customer_id(filing: Filing, identity_number: str) -> int | None:
    if not identity_number.strip():
        return None
    try:
        found = customer_id_in(
            municipality_id=filing.municipality.pk, identity_number=identity_number
        )
    except ValidationError as error:
        raise ValidationError({"identity_number": error.messages}) from None
    if found is None:
        raise ValidationError(
            {"identity_number": _("The municipality has no customer with that number.")}
        )
    return found


def _create_once(filing: Filing, *, submission_key: str, **extra) -> Complaint:
    try:
        with transaction.atomic():
            return _create(filing, submission_key=submission_key, **extra)
    except IntegrityError:
        # Two posts with one key at the same moment: the other one won.
        return Complaint.objects.get(submission_key=submission_key)


def _create(filing: Filing, **extra) -> Complaint:
    _validate(filing)
    now = timezone.now()
    terms = _terms(filing.municipality)
    today = timezone.localdate(now)
    contact = {} if filing.anonymous else _contact(filing)
    complaint = Complaint.objects.create(
        municipality=filing.municipality,
        provider_id=filing.provider_id,
        about_municipality=filing.about_municipality,
        category=filing.category,
        text=filing.text.strip(),
        serious=bool(filing.serious_answers),
        serious_answers=sorted(set(filing.serious_answers)),
        anonymous=filing.anonymous,
        received_at=now,
        confirm_by=working_days_after(today, terms.confirm_days),
        assign_by=working_days_after(today, terms.assign_days),
        answer_by=working_days_after(today, terms.answer_days),
        **contact,
        **extra,
    )
    _notify_on_filing(complaint)
    return complaint


def _validate(filing: Filing) -> None:
    if not filing.text.strip():
        raise ValidationError(_("Tell us what happened."))
    if len(filing.text) > TEXT_LIMIT:
        raise ValidationError(
            _("Write at most %(limit)s characters.") % {"limit": TEXT_LIMIT}
        )
    if not (filing.provider_id or filing.about_municipality):
        raise ValidationError(
            _("Say whether it is about a provider or the municipality.")
        )
    if set(filing.serious_answers) - set(SeriousQuestion.values):
        raise ValidationError(_("Answer the questions as they are asked."))
    if filing.provider_id and not _provider_here(filing):
        raise ValidationError(_("Choose a provider of the municipality."))


def _provider_here(filing: Filing) -> bool:
    here = authorized_providers(municipality=filing.municipality.slug)
    return here.filter(pk=filing.provider_id).exists()


def _contact(filing: Filing) -> dict:
    return {
        "name": filing.name.strip(),
        "email": filing.email.strip(),
        "phone": filing.phone.strip(),
    }


def _terms(municipality: Municipality) -> ComplaintTerms:
    # A municipality that set no deadlines of its own has the typical ones.
    found = ComplaintTerms.objects.filter(municipality=municipality).first()
    return found or ComplaintTerms(municipality=municipality)


def _notify_on_filing(complaint: Complaint) -> None:
    """A receipt to a complainant who gave an address (that confirms it);
    a serious complaint to the quality unit at once."""
    if complaint.email:
        mail_queue(
            key=f"complaint-receipt:{complaint.pk}",
            template="followup/complaint_receipt_email.txt",
            context={"complaint": complaint},
            recipients=[complaint.email],
        )
        complaint.confirmed_at = complaint.received_at
        complaint.save(update_fields=["confirmed_at"])
    if complaint.serious:
        mail_queue(
            key=f"complaint-serious:{complaint.pk}",
            template="followup/complaint_serious_email.txt",
            context={"complaint": complaint, "link": _link(complaint)},
            recipients=member_emails(complaint.municipality_id, QUALITY),
        )


@transaction.atomic
def complaint_transition(
    *, user, complaint: Complaint, to: str, note: str = ""
) -> Complaint:
    """Move a complaint along its table, recording who, when and why."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    complaint_transitions(complaint).check(
        complaint.status,
        to,
        user=user,
        municipality_id=complaint.municipality_id,
        provider_id=complaint.provider_id,
    )
    if to == S.REOPENED and not note.strip():
        raise ValidationError(_("Say why the complainant is not satisfied."))
    if to == S.ASSIGNED and complaint.handler_id is None:
        raise ValidationError(_("Choose a handler."))
    return _move(complaint, to, user=user, note=note)


def _move(complaint: Complaint, to: str, *, user, note: str) -> Complaint:
    ComplaintEvent.objects.create(
        complaint=complaint,
        from_status=complaint.status,
        to_status=to,
        by=user,
        note=note.strip(),
    )
    complaint.status = to
    complaint.save(update_fields=["status"])
    return complaint


@transaction.atomic
def complaint_assign(*, user, complaint: Complaint, handler) -> Complaint:
    """The quality unit names a handler: a received complaint becomes
    assigned; one further on changes hands."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    check_role(user, QUALITY, municipality_id=complaint.municipality_id)
    check_role(handler, QUALITY, municipality_id=complaint.municipality_id)
    complaint.handler = handler
    if complaint.confirmed_at is None:
        # Naming a handler is when a complaint without an address is confirmed.
        complaint.confirmed_at = timezone.now()
    complaint.save(update_fields=["handler", "confirmed_at"])
    if complaint.status == S.RECEIVED:
        return complaint_transition(user=user, complaint=complaint, to=S.ASSIGNED)
    return complaint


@transaction.atomic
def complaint_answer(*, user, complaint: Complaint, answer: str) -> Complaint:
    """The answer with its measures, by the provider concerned (or the
    quality unit for one about the municipality only)."""
    if not answer.strip():
        raise ValidationError(_("Write the answer and the measures taken."))
    if len(answer) > TEXT_LIMIT:
        raise ValidationError(
            _("Write at most %(limit)s characters.") % {"limit": TEXT_LIMIT}
        )
    complaint = complaint_transition(user=user, complaint=complaint, to=S.ANSWERED)
    complaint.answer = answer.strip()
    complaint.answered_at = timezone.now()
    complaint.save(update_fields=["answer", "answered_at"])
    return complaint


def complaints_overdue_remind(*, complaint_ids: list[int]) -> int:
    """Remind the handler (or, with none named, the quality unit) of each
    overdue complaint, once a day: the mail's key holds the day, so a second
    run the same day sends nothing more."""
    today = timezone.localdate()
    sent = 0
    for complaint in Complaint.objects.filter(pk__in=complaint_ids):
        recipients = (
            [complaint.handler.email]
            if complaint.handler_id
            else member_emails(complaint.municipality_id, QUALITY)
        )
        with transaction.atomic():
            mail = mail_queue(
                key=f"complaint-overdue:{complaint.pk}:{today.isoformat()}",
                template="followup/complaint_overdue_email.txt",
                context={"complaint": complaint, "link": _link(complaint)},
                recipients=recipients,
            )
        sent += mail is not None
    return sent


def _link(complaint: Complaint) -> str:
    return settings.SITE_URL + reverse("complaint-detail", args=[complaint.pk])
