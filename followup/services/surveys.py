"""Survey results imported from CSV by the quality unit (issue 15 item 5).
All or nothing: if any row is bad, nothing is imported and every bad row is
listed with its line number and reason; importing the same survey (the
municipality, year and kind) again replaces it in one transaction.

The file: UTF-8 (with or without a byte order mark), `;` between fields, a
first line naming the columns in any order. The value column is
`share_positive` for Socialstyrelsen's survey and `mean` for the
municipality's own:

    organisation_number;question;share_positive;answered
    5566778899;overall;87,5;48

- organisation_number: the provider's, ten digits (a dash is allowed),
  of a provider that has been authorized in the municipality;
- question: a code of `followup.models.Question` (overall, time, ...);
- share_positive: per cent 0 to 100 answering one of the two positive options,
  "vet inte" left out; mean: 1 to 5; a decimal comma or point;
- answered: the number answering, a whole number 0 or more.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from followup.models import Question, Survey, SurveyKind, SurveyResult
from followup.models.surveys import FIRST_YEAR, LAST_YEAR
from kundval.models import Municipality, Role
from kundval.scoping import check_role
from providers.models import Provider

VALUE_COLUMN = {SurveyKind.NATIONAL: "share_positive", SurveyKind.OWN: "mean"}
VALUE_RANGE = {
    SurveyKind.NATIONAL: (Decimal(0), Decimal(100), Decimal("0.1")),
    SurveyKind.OWN: (Decimal(1), Decimal(5), Decimal("0.01")),
}
FILE = 0  # The "line" of an error about the whole file.
# A survey has a line per provider and question: a few hundred lines, some
# kilobytes. The limit keeps a wrong file from being read into memory whole.
MAX_BYTES = 1024 * 1024


@dataclass
class ImportResult:
    imported: int = 0
    errors: dict[int, list[str]] = field(default_factory=dict)
    survey: Survey | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def survey_columns(kind: str) -> tuple[str, ...]:
    return ("organisation_number", "question", VALUE_COLUMN[kind], "answered")


def survey_import_csv(
    *, user, municipality: Municipality, year: int, kind: str, file
) -> ImportResult:
    """Import `file` (binary) as the survey of `kind` in `municipality` and
    `year`, replacing one imported before; `user` must be a quality officer
    of the municipality."""
    check_role(user, Role.QUALITY_OFFICER, municipality_id=municipality.pk)
    if not FIRST_YEAR <= year <= LAST_YEAR or kind not in SurveyKind.values:
        return ImportResult(errors={FILE: [_("Choose a year and a kind of survey.")]})
    text, problem = _text(file)
    if problem:
        return ImportResult(errors={FILE: [problem]})
    rows = csv.reader(io.StringIO(text), delimiter=";")
    try:
        columns = _columns(next(rows, []), kind)
        if columns is None:
            header = ";".join(survey_columns(kind))
            message = _("The first line must name the columns: %(header)s") % {
                "header": header
            }
            return ImportResult(errors={1: [message]})
        results, errors = _parse(rows, columns, kind, _providers(municipality))
    except csv.Error:  # Such as a field over the csv module's size limit.
        message = _("The line cannot be read as CSV.")
        return ImportResult(errors={rows.line_num: [message]})
    if not results and not errors:
        return ImportResult(errors={FILE: [_("The file has no results.")]})
    if errors:
        return ImportResult(errors=errors)
    survey = _replace(user, municipality, year, kind, results)
    return ImportResult(imported=len(results), survey=survey)


def _text(file) -> tuple[str, str]:
    """The file's text, or why it cannot be read."""
    data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return "", _("The file is larger than 1 MB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", _("The file is not UTF-8 text.")
    if "\x00" in text:  # PostgreSQL cannot store it; no row is worth reading.
        return "", _("The file holds a NUL character.")
    return text, ""


def _providers(municipality: Municipality) -> dict[str, int]:
    """Organisation number → id of the providers ever authorized in the
    municipality (a survey of an earlier year may name one that has left)
    and of its own units."""
    here = Provider.objects.filter(
        Q(authorizations__service__municipality=municipality)
        | Q(municipality=municipality)
    )
    return dict(here.values_list("organisation_number", "pk").distinct())


def _columns(header: list[str], kind: str) -> dict[str, int] | None:
    names = [name.strip().lower() for name in header]
    if sorted(names) != sorted(survey_columns(kind)):
        return None
    return {name: names.index(name) for name in names}


def _parse(rows, columns, kind, providers) -> tuple[list[SurveyResult], dict]:
    results, errors, seen = [], {}, {}
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: _cell(row, index) for name, index in columns.items()}
        result, problems = _result(cells, kind, providers)
        key = (result.provider_id, result.question)
        if not problems and key in seen:
            problems = [_("The same provider and question as line %(line)d.") % {
                "line": seen[key]
            }]  # fmt: skip
        if problems:
            errors[rows.line_num] = problems
        else:
            seen[key] = rows.line_num
            results.append(result)
    return results, errors


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _result(cells: dict[str, str], kind, providers) -> tuple[SurveyResult, list]:
    problems = []
    number = cells["organisation_number"].replace("-", "").replace(" ", "")
    provider_id = providers.get(number)
    if provider_id is None:
        problems.append(_("organisation_number: no provider of the municipality."))
    question = cells["question"].lower()
    if question not in Question.values:
        problems.append(_("question: give one of %(codes)s.") % {
            "codes": ", ".join(Question.values)
        })  # fmt: skip
    value_column = VALUE_COLUMN[kind]
    value = survey_value(cells[value_column], kind)
    if value is None:
        low, high, _step = VALUE_RANGE[kind]
        problems.append(_("%(column)s: give a number from %(low)s to %(high)s.") % {
            "column": value_column, "low": low, "high": high
        })  # fmt: skip
    answered = cells["answered"]
    if not (answered.isascii() and answered.isdigit() and len(answered) < 10):
        problems.append(_("answered: give a whole number, 0 or more."))
    result = SurveyResult(
        provider_id=provider_id,
        question=question,
        answered=int(answered) if not problems else 0,
        **{value_column: value},
    )
    return result, problems


def survey_value(text: str, kind: str) -> Decimal | None:
    """The share or mean written in `text` (a decimal comma or point),
    rounded to what is stored, or None when it is no number in range."""
    low, high, step = VALUE_RANGE[kind]
    try:
        value = Decimal(text.strip().replace(",", ".")).quantize(step)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and low <= value <= high else None


@transaction.atomic
def _replace(user, municipality, year, kind, results) -> Survey:
    survey, _created = Survey.objects.select_for_update().update_or_create(
        municipality=municipality, year=year, kind=kind,
        defaults={"imported_by": user},
    )  # fmt: skip
    survey.results.all().delete()
    for result in results:
        result.survey = survey
    SurveyResult.objects.bulk_create(results)
    return survey
