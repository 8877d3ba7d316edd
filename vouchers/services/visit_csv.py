"""Visits uploaded as CSV by a provider (the page, and `manage.py
import_visits`). All or nothing: if any row is bad, nothing is imported and
every bad row is listed with its line number.

The file: UTF-8 (with or without a byte order mark), `;` or `,` between
fields (whichever the header line uses), a header line naming the columns
in any order:

    choice;start;end;category;staff;approved
    1234;2026-03-02T08:00;2026-03-02T08:45;personal_care;A17;1
    1234;2026-03-02 19:30+01:00;2026-03-02 20:00+01:00;service;;0

- choice: the id of the customer's choice of your provider (on the
  provider's customer page and in the API);
- start, end: ISO 8601 date and time; without an offset it is Swedish time
  (Europe/Stockholm);
- category: personal_care or service;
- staff (optional): the staff id, at most 40 characters;
- approved (optional): 1/true/yes/ja if the customer has approved the time,
  else 0/false/no/nej or empty.

Per row only parsing happens here; the choices are read in one query and
the rows stored in bulk (vouchers.services.visits.visits_store).
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from kundval.models import Role
from kundval.scoping import check_role
from vouchers.calendar import STOCKHOLM
from vouchers.models import VisitSource
from vouchers.months import EARLIEST, LATEST
from vouchers.services.visits import (
    VisitInput,
    VisitsInvalid,
    choice_facts,
    visit_errors,
    visits_store,
)

COLUMNS = ("choice", "start", "end", "category", "staff", "approved")
REQUIRED = ("choice", "start", "end", "category")
HEADER_EXAMPLE = ";".join(COLUMNS)
APPROVED = {
    **dict.fromkeys(("1", "true", "yes", "ja", "j", "y", "x"), True),
    **dict.fromkeys(("", "0", "false", "no", "nej", "n"), False),
}
FILE = 0  # The "line" of an error about the whole file.
# About 300 000 visits: a large provider's month is a tenth of it; a bigger
# file is a mistake, and reading it whole would hold a worker's memory.
MAX_BYTES = 20 * 1024 * 1024
NUL = "\x00"


@dataclass
class ImportResult:
    imported: int = 0
    errors: dict[int, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def visits_import_csv(*, user, provider, file) -> ImportResult:
    """Import the visits in `file` (binary) as reported by `user` for
    `provider`, of which the user must be a member."""
    check_role(user, Role.PROVIDER_USER, provider_id=provider.pk)
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return ImportResult(errors={FILE: [_("The file is larger than 20 MB.")]})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportResult(errors={FILE: [_("The file is not UTF-8 text.")]})
    rows = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        columns, problem = _columns(next(rows, []))
        if problem:
            return ImportResult(errors={1: [problem]})
        items, lines, errors = _parse(rows, columns)
    except csv.Error:  # Such as a field over the csv module's size limit.
        return ImportResult(
            errors={rows.line_num: [_("The line cannot be read as CSV.")]}
        )
    if not items and not errors:
        return ImportResult(errors={FILE: [_("The file has no visits.")]})
    choices = choice_facts(
        provider_ids=[provider.pk], choice_ids=(i.choice_id for i in items)
    )
    if errors:  # List the other rows' errors too, without storing anything.
        return ImportResult(errors=_with_rule_errors(errors, items, lines, choices))
    try:
        ids = visits_store(
            user=user, items=items, choices=choices, source=VisitSource.CSV
        )
    except VisitsInvalid as invalid:
        return ImportResult(errors=_by_line(invalid.by_item, lines))
    return ImportResult(imported=len(ids))


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") >= header.count(",") else ","


def _columns(header: list[str]) -> tuple[dict[str, int], str]:
    names = [name.strip().lower() for name in header]
    unknown = [n for n in names if n not in COLUMNS]
    missing = [n for n in REQUIRED if n not in names]
    if unknown or missing or len(set(names)) != len(names):
        return {}, _(
            "The first line must name the columns: %(header)s "
            "(staff and approved may be left out)."
        ) % {"header": HEADER_EXAMPLE}
    return {name: names.index(name) for name in names}, ""


def _parse(rows, columns: dict[str, int]):
    """VisitInputs with their line numbers, and the rows that did not parse.
    The fast path parses a good row with no checks beyond the parsing
    itself; a row that fails is parsed again to say why."""
    items, lines, errors = [], [], {}
    width = max(columns.values()) + 1
    choice, start, end, category = (columns[name] for name in REQUIRED)
    staff, approved = columns.get("staff"), columns.get("approved")
    for row in rows:
        if any(NUL in cell for cell in row):  # PostgreSQL cannot store it.
            errors[rows.line_num] = [_("The row holds a NUL character.")]
            continue
        if len(row) < width:
            if not any(cell.strip() for cell in row):
                continue
            row = row + [""] * (width - len(row))
        try:
            items.append(
                VisitInput(
                    int(row[choice]),
                    _moment(row[start]),
                    _moment(row[end]),
                    row[category].strip(),
                    "" if staff is None else row[staff].strip(),
                    False
                    if approved is None
                    else APPROVED[row[approved].strip().lower()],
                )
            )
            lines.append(rows.line_num)
        except (ValueError, KeyError):
            errors[rows.line_num] = _row_errors(row, columns)
    return items, lines, errors


def _row_errors(row: list[str], columns: dict[str, int]) -> list[str]:
    problems = []
    for name, parse in (("choice", int), ("start", _moment), ("end", _moment)):
        try:
            parse(row[columns[name]])
        except ValueError:
            problems.append(_column_error(name, _bad_value(name)))
    if (
        "approved" in columns
        and row[columns["approved"]].strip().lower() not in APPROVED
    ):
        problems.append(_column_error("approved", _("Give 1 or 0.")))
    return problems or [_("The row cannot be read.")]


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip())
    # Year 1 or 9999 would overflow in the conversion to UTC or the month.
    if not EARLIEST.year <= moment.year <= LATEST.year:
        raise ValueError(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=STOCKHOLM)
    return moment


def _bad_value(column: str) -> str:
    if column == "choice":
        return _("Give the choice's id (a number).")
    return _("Give a date and time such as 2026-03-02T08:00.")


def _column_error(column: str, message: str) -> str:
    # Column names are the documented header, the same in every language.
    return f"{column}: {message}"


def _with_rule_errors(errors, items, lines, choices) -> dict[int, list[str]]:
    now = timezone.now()
    by_item = {}
    for index, item in enumerate(items):
        problems = visit_errors(item, choices.get(item.choice_id), now)
        if problems:
            by_item[index] = problems
    return dict(sorted({**errors, **_by_line(by_item, lines)}.items()))


def _by_line(by_item: dict[int, dict[str, list[str]]], lines: list[int]):
    return {
        lines[index]: [
            _column_error(column, message)
            for column, messages in fields.items()
            for message in messages
        ]
        for index, fields in sorted(by_item.items())
    }
