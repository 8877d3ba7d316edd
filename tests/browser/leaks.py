"""Identity numbers never leave the page they belong on (docs/domain.md §8).

Every browser journey runs under `IdentityNumberGuard` (tests/browser/
conftest.py): it records every URL the browser asks for, every file name a
response offers, every log line at the production level (INFO), every mail
and every Celery task's arguments; at the end of the journey it looks in all
of them for any identity number of any customer in the database, in every
way people write one (19121212-1212, 191212121212, 121212-1212, 121212+1212,
1212121212).
"""

import logging
import re

from celery.signals import before_task_publish, task_prerun
from django.core import mail

from customers.models import Customer

# A birth date with or without the century, an optional separator, four digits.
_WRITTEN = re.compile(r"(?<!\d)(?:\d{2})?(\d{6})[-+]?(\d{4})(?!\d)")


def ten_digit_forms(text: str) -> set[str]:
    """Every identity-number-shaped run in `text`, as its last ten digits."""
    return {"".join(match.groups()) for match in _WRITTEN.finditer(text)}


class _Records(logging.Handler):
    def __init__(self, lines: list[str]):
        super().__init__(level=logging.INFO)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"log {record.name}: {record.getMessage()}")


class IdentityNumberGuard:
    def __init__(self):
        self.seen: list[str] = []
        self._handler = _Records(self.seen)

    def watch(self, page) -> None:
        page.on("request", lambda request: self.seen.append(f"url {request.url}"))
        page.on("response", self._file_name)
        logging.getLogger().addHandler(self._handler)
        before_task_publish.connect(self._published, weak=False)
        task_prerun.connect(self._task_ran, weak=False)

    def stop(self) -> None:
        logging.getLogger().removeHandler(self._handler)
        before_task_publish.disconnect(self._published)
        task_prerun.disconnect(self._task_ran)
        for message in mail.outbox:
            self.seen.append(f"mail {message.subject} {message.to} {message.body}")

    def leaks(self) -> list[str]:
        numbers = {
            stored[-10:]
            for stored in Customer.objects.values_list("identity_number", flat=True)
        }
        return [line for line in self.seen if ten_digit_forms(line) & numbers]

    def _file_name(self, response) -> None:
        disposition = response.headers.get("content-disposition")
        if disposition:
            self.seen.append(f"file {disposition}")

    def _published(self, sender=None, body=None, **_kwargs) -> None:
        self.seen.append(f"task {sender} {body!r}")

    def _task_ran(self, task=None, args=None, kwargs=None, **_extra) -> None:
        self.seen.append(f"task {task.name} {args!r} {kwargs!r}")
