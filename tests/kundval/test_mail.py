"""The one mail path: rendered in Swedish, queued with the transaction, sent
once however often its task is delivered."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail as outbox
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone, translation

from kundval import tasks
from kundval.celery import app
from kundval.mail import mail_queue, mail_send, mail_send_waiting
from kundval.models import Mail

pytestmark = pytest.mark.django_db

TEST_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture(autouse=True)
def probe_template(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES],
        }
    ]


def _queue(key="probe:1", recipients=("a@example.se",), provider="Omsorg & Co"):
    return mail_queue(
        key=key,
        template="mail_probe.txt",
        context={"provider": provider, "link": "https://kundval.example.se/x/"},
        recipients=recipients,
    )


def test_rendered_in_swedish_as_plain_text_and_sent_on_commit(
    django_capture_on_commit_callbacks,
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        queued = _queue(recipients=["b@example.se", "a@example.se", "", "a@example.se"])
    [message] = outbox.outbox
    assert message.subject == "Kundval: en beställning har avböjts"
    assert message.body == "Omsorg & Co <https://kundval.example.se/x/>\n"
    assert message.to == ["a@example.se", "b@example.se"]
    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert queued.body == ""  # not kept once sent: it may hold a sign-in link


def test_nothing_is_queued_or_sent_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue()
        raise RuntimeError
    assert callbacks == []
    assert not Mail.objects.exists()
    assert outbox.outbox == []


def test_one_cause_queues_one_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = _queue()
        again = _queue()
    assert first.pk == again.pk
    assert len(callbacks) == 1
    assert len(outbox.outbox) == 1


def test_no_address_queues_nothing():
    assert _queue(recipients=["", None]) is None
    assert not Mail.objects.exists()


def test_a_task_delivered_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        queued = _queue()
    assert tasks.send_mail.apply(args=[queued.pk]).successful()
    assert tasks.send_mail.apply(args=[queued.pk]).successful()
    assert mail_send(mail_id=queued.pk) is False
    assert len(outbox.outbox) == 1


class RefusingBackend(EmailBackend):
    """Refuses one address, as a mail server may; delivers the rest."""

    def send_messages(self, messages):
        if any("refused@example.se" in m.to for m in messages):
            raise ConnectionRefusedError("the mail server said no")
        return super().send_messages(messages)


def test_waiting_mail_is_sent_by_the_beat_task_and_a_refusal_stops_no_other(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down
        refused = _queue("probe:refused", ["refused@example.se"])
        waiting = _queue("probe:waiting", ["a@example.se"])
        _queue("probe:fresh", ["b@example.se"])
    long_ago = timezone.now() - timedelta(minutes=30)
    Mail.objects.filter(pk__in=[refused.pk, waiting.pk]).update(created_at=long_ago)
    assert mail_send_waiting() == 1
    assert [m.to for m in outbox.outbox] == [["a@example.se"]]
    sent = dict(Mail.objects.values_list("key", "sent_at"))
    assert sent["probe:waiting"] is not None
    assert sent["probe:refused"] is None and sent["probe:fresh"] is None


def test_beat_sends_waiting_mail_every_five_minutes():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-waiting-mail"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(0, 60, 5))


def test_mail_unsent_for_three_days_is_given_up_and_its_body_dropped(
    django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=False):
        stale = _queue("invitation:1", ["a@example.se"])
    Mail.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(days=3, minutes=1)
    )
    assert mail_send_waiting() == 0
    assert outbox.outbox == []
    stale.refresh_from_db()
    assert (stale.sent_at, stale.body) == (None, "")
    assert "invitation:1 was never sent" in caplog.text
