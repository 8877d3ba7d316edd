"""The one way the portal writes CSV for people to open in a spreadsheet.

Semicolons and a decimal point, as the finance systems around us read them,
CRLF line ends, and a byte order mark on the download so Excel reads UTF-8.
Every text cell goes through `safe_cell`: a cell starting with =, +, -, @,
tab or carriage return is a formula to Excel and LibreOffice (a provider
could name itself `=HYPERLINK(...)`), so it gets a leading apostrophe and is
shown as the text it is. Numbers (Decimal, int) are written as they are, so
a negative amount stays a number.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float:
    if value is None:
        return ""
    if not isinstance(value, str):
        return value  # numbers and dates cannot start a formula
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def csv_response(text: str, *, filename: str) -> HttpResponse:
    """A download of `text` (from csv_text). The file name must not name a
    person: it is shown in browser histories and download folders."""
    response = HttpResponse(
        ("\ufeff" + text).encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
