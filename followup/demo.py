"""Demo complaints for seed_demo (issue 15 item 9): Nacka's in every state,
serious and not, anonymous and with contact details, about a provider and
about the municipality, one overdue; and one in Trosa. Dated from today, so
deadlines fall as they would. Idempotent: keyed on a demo submission key;
a complaint that exists is left as it is, events and all.

Also Nacka's survey results, 2023 to 2026 (`followup.demo_surveys`: the
national survey and Nacka's own 1-5 survey, whose overall score goes
4,0 -> 4,6 as in seed 002), and last year's quality accounts of Nacka's
providers in every state, some missing."""

from datetime import date, datetime, time, timedelta
from itertools import pairwise

from django.contrib.auth import get_user_model
from django.utils import timezone

from authorization.models import Authorization, SanctionKind
from authorization.selectors import conditions_of
from authorization.services import sanction_decide
from followup.demo_surveys import accounts_seed, surveys_seed
from followup.models import (
    Category,
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Finding,
    FollowUp,
    FollowUpEvent,
    FollowUpKind,
    FollowUpStatus,
    Measure,
    Outcome,
    SeriousQuestion,
)
from kundval.models import Municipality
from providers.models import Provider
from vouchers.calendar import working_days_after

S = ComplaintStatus
# The states a demo complaint passed through, from received, to reach each.
PATHS = {
    S.RECEIVED: [],
    S.ASSIGNED: [S.ASSIGNED],
    S.INVESTIGATING: [S.ASSIGNED, S.INVESTIGATING],
    S.ANSWERED: [S.ASSIGNED, S.INVESTIGATING, S.ANSWERED],
    S.CLOSED: [S.ASSIGNED, S.INVESTIGATING, S.ANSWERED, S.CLOSED],
    S.REOPENED: [S.ASSIGNED, S.INVESTIGATING, S.ANSWERED, S.REOPENED],
}
ANSWER = (
    "Vi beklagar. Personalen har fått genomgång av rutinerna och "
    "kontaktpersonen ringer er varje vecka fram till årsskiftet."
)
REOPEN_NOTE = "Den klagande hör av sig: besöken är fortfarande sena."
PERSON = {"name": "Greta Andersson", "email": "greta.andersson@example.se"}
RELATIVE = {"name": "Per Lind", "phone": "070-123 45 67"}

# key, municipality, provider slug (None: about the municipality only),
# category, status, serious answers, contact (None: anonymous), days ago, text
COMPLAINTS = [
    ("nacka-1", "nacka", "omsorgshuset", Category.QUALITY, S.RECEIVED,
     [SeriousQuestion.HARM], PERSON, 0,
     "Min mamma föll i badrummet och personalen lämnade henne på golvet."),
    ("nacka-2", "nacka", None, Category.CASEWORK, S.RECEIVED, [], None, 20,
     "Jag har väntat i två månader på beslut om utökad hemtjänst."),
    ("nacka-3", "nacka", "hemtrevnad", Category.TIMES, S.ASSIGNED, [],
     RELATIVE, 3, "Besöken kommer en timme senare än den tid vi kommit överens om."),
    ("nacka-4", "nacka", "omsorgshuset", Category.CONTINUITY, S.INVESTIGATING,
     [], PERSON, 8, "Det kommer ny personal varje dag; pappa känner ingen av dem."),
    ("nacka-5", "nacka", "nacka-egen-regi", Category.CONDUCT, S.ANSWERED,
     [SeriousQuestion.MISTREATMENT], RELATIVE, 15,
     "En i personalen höjde rösten mot min far och kallade honom besvärlig."),
    ("nacka-6", "nacka", None, Category.OTHER, S.CLOSED, [], None, 40,
     "Informationen om att välja utförare var svår att förstå."),
    ("nacka-7", "nacka", "hemtrevnad", Category.QUALITY, S.REOPENED,
     [SeriousQuestion.NEGLECT], PERSON, 30,
     "Inköpen som står i beslutet gjordes inte alls under tre veckor."),
    ("trosa-1", "trosa", "trosa-service", Category.TIMES, S.RECEIVED, [],
     RELATIVE, 1, "Kvällsbesöket kommer ofta efter klockan 22."),
]  # fmt: skip


def demo_seed(*, volumes: bool = True) -> None:
    """Small either way: `volumes` (seed_demo --no-volumes) changes nothing here."""
    for row in COMPLAINTS:
        key = f"demo-{row[0]}"
        if not Complaint.objects.filter(submission_key=key).exists():
            _complaint(key, *row[1:])
    surveys_seed()
    accounts_seed()
    follow_ups_seed()


def _complaint(key, slug, provider, category, status, serious, contact, days, text):
    municipality = Municipality.objects.get(slug=slug)
    received = timezone.now() - timedelta(days=days)
    day = timezone.localdate(received)
    handler = get_user_model().objects.get(username=f"kvalitet.{slug}")
    handled = status != S.RECEIVED
    answered = status in (S.ANSWERED, S.CLOSED, S.REOPENED)
    complaint = Complaint.objects.create(
        municipality=municipality,
        provider=Provider.objects.get(slug=provider) if provider else None,
        about_municipality=provider is None,
        category=category,
        text=text,
        serious=bool(serious),
        serious_answers=sorted(serious),
        anonymous=contact is None,
        **(contact or {}),
        channel=Channel.PHONE if contact is RELATIVE else Channel.WEB,
        status=status,
        handler=handler if handled else None,
        received_at=received,
        confirmed_at=received if handled or contact is PERSON else None,
        # The typical deadlines (ComplaintTerms' defaults).
        confirm_by=working_days_after(day, 2),
        assign_by=working_days_after(day, 5),
        answer_by=working_days_after(day, 14),
        answer=ANSWER if answered else "",
        answered_at=received + timedelta(hours=3) if answered else None,
        submission_key=key,
    )
    _events(complaint, handler)


def _events(complaint: Complaint, handler) -> None:
    previous = S.RECEIVED
    for step, to in enumerate(PATHS[complaint.status], start=1):
        ComplaintEvent.objects.create(
            complaint=complaint,
            from_status=previous,
            to_status=to,
            by=_answerer(complaint, handler) if to == S.ANSWERED else handler,
            # An hour a step: answered at the third, as answered_at says.
            at=complaint.received_at + timedelta(hours=step),
            note=REOPEN_NOTE if to == S.REOPENED else "",
        )
        previous = to


def _answerer(complaint: Complaint, handler):
    """The provider answers a complaint about it (its demo user), the
    quality unit one about the municipality only."""
    if complaint.provider is None:
        return handler
    return get_user_model().objects.get(username=f"anordnare.{complaint.provider.slug}")


# Nacka's follow-up plan of this year (issue 15 item 3): provider slug, kind,
# months before this one (negative: after), state, findings (condition code →
# outcome), measures answered or not (None: no measures), a warning decided.
F, K, R = FollowUpStatus, FollowUpKind, Outcome
MET_ALL = {"mal": R.MET, "nycklar": R.MET, "ledning": R.MET, "avvikelser": R.MET}
FOLLOW_UPS = [
    ("omsorgshuset", K.YEARLY, 6, F.CLOSED, MET_ALL, None, False),
    ("hemtrevnad", K.VISIT, 5, F.CLOSED, MET_ALL, None, False),
    ("nacka-egen-regi", K.YEARLY, 4, F.CLOSED, MET_ALL, None, False),
    ("omsorgshuset", K.COMPLAINT_REVIEW, 2, F.FINDINGS_SENT,
     {"nycklar": R.NOT_MET, "avvikelser": R.MET}, [False], True),
    ("hemtrevnad", K.DEEP_REVIEW, 3, F.ANSWERED,
     {"mal": R.MET, "ledning": R.REMARK}, [True], False),
    ("nacka-egen-regi", K.VISIT, 0, F.IN_PROGRESS, {"mal": R.MET}, None, False),
    ("nacka-01", K.VISIT, -2, F.PLANNED, {}, None, False),
    ("nacka-02", K.YEARLY, 1, F.PLANNED, {}, None, False),
]  # fmt: skip
NOTES = {
    R.NOT_MET: "Nycklar förvarades olåsta i personalrummet; kvittenslistan saknades.",
    R.REMARK: "Ledningen har kompetensen men ersättaren vid frånvaro är inte utsedd.",
}
FOLLOW_UP_PATH = [F.PLANNED, F.IN_PROGRESS, F.FINDINGS_SENT, F.ANSWERED, F.CLOSED]


def follow_ups_seed() -> None:
    """Nacka's plan of this year: some closed with everything met, a breach
    that led to a warning (through sanction_decide), one answered, one in
    progress, one later in the year and one overdue (its month has passed;
    in January there is no earlier month, so it is this month). Seeded
    once: a plan that exists is left as it is."""
    today = timezone.localdate()
    nacka = Municipality.objects.get(slug="nacka")
    if FollowUp.objects.filter(municipality=nacka, year=today.year).exists():
        return
    officer = get_user_model().objects.get(username="kvalitet.nacka")
    for row in FOLLOW_UPS:
        _follow_up(nacka, officer, today, *row)


def _follow_up(nacka, officer, today, slug, kind, back, status, found, answers, warn):
    authorization = Authorization.objects.get(
        provider__slug=slug, service__municipality=nacka, revoked_from__isnull=True
    )
    month = min(max(today.month - back, 1), 12)
    done = FOLLOW_UP_PATH.index(status) >= FOLLOW_UP_PATH.index(F.FINDINGS_SENT)
    conducted = min(today, date(today.year, month, 10))
    complaint = None
    if kind == K.COMPLAINT_REVIEW:
        complaint = Complaint.objects.get(submission_key="demo-nacka-4")
    follow_up = FollowUp.objects.create(
        municipality=nacka,
        authorization=authorization,
        year=today.year,
        month=month,
        kind=kind,
        complaint=complaint,
        status=status,
        conducted_on=conducted if status != F.PLANNED else None,
        findings_sent_at=_noon(conducted) if done else None,
        created_by=officer,
    )
    conditions = {
        c.code: c for c in conditions_of(authorization.application.announcement)
    }
    for code, outcome in found.items():
        finding = Finding.objects.create(
            follow_up=follow_up,
            condition=conditions[code],
            outcome=outcome,
            note=NOTES.get(outcome, ""),
        )
        if warn and outcome == R.NOT_MET:
            _warn(officer, authorization, finding, conducted)
    for answered in answers or []:
        _measure(follow_up, answered, conducted)
    _follow_up_events(follow_up, officer, conducted)


def _noon(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


def _warn(officer, authorization, finding, day) -> None:
    finding.sanction = sanction_decide(
        user=officer,
        authorization=authorization,
        condition_id=finding.condition_id,
        kind=SanctionKind.WARNING,
        evidence=finding.note,
        reasons="Villkoret om rutiner för nycklar är inte uppfyllt.",
        effective_from=day,
    )
    finding.save(update_fields=["sanction"])


def _measure(follow_up, answered: bool, day: date) -> None:
    provider = follow_up.authorization.provider
    Measure.objects.create(
        follow_up=follow_up,
        text="Inför en rutin med låsta nyckelskåp och kvittens för varje nyckel.",
        due_on=day + timedelta(days=30),
        answer="Nyckelskåp är installerat och kvittenslistan används."
        if answered
        else "",
        answered_at=min(_noon(day + timedelta(days=14)), timezone.now())
        if answered
        else None,
        answered_by=get_user_model().objects.get(username=f"anordnare.{provider.slug}")
        if answered
        else None,
    )


def _follow_up_events(follow_up, officer, day: date) -> None:
    """Its path through the state table, a day a step from the visit."""
    path = FOLLOW_UP_PATH[: FOLLOW_UP_PATH.index(follow_up.status) + 1]
    provider = follow_up.authorization.provider
    for step, (source, to) in enumerate(pairwise(path)):
        by = officer
        if to == F.ANSWERED:
            by = get_user_model().objects.get(username=f"anordnare.{provider.slug}")
        FollowUpEvent.objects.create(
            follow_up=follow_up,
            from_status=source,
            to_status=to,
            by=by,
            at=min(_noon(day + timedelta(days=step)), timezone.now()),
        )
