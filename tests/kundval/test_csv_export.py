"""Every CSV the portal writes is safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kundval.csv_export import FORMULA_STARTS, csv_response, csv_text, safe_cell


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_cell_that_would_be_a_formula_is_written_as_text():
    cells = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    rows = _read(csv_text(["a"] * len(cells), [cells]))
    assert rows[1] == ["'" + cell for cell in cells[:4]] + ["'\tx", "'\rx"]


def test_numbers_stay_numbers_and_plain_text_stays_as_it_is():
    rows = _read(csv_text(["n", "t", "e"], [[Decimal("-12.50"), "Första AB", None]]))
    assert rows[1] == ["-12.50", "Första AB", ""]


@given(st.text())
def test_no_text_cell_starts_a_formula(value):
    written = safe_cell(value)
    assert not written.startswith(FORMULA_STARTS)
    assert written.removeprefix("'") == value or written == value


def test_the_download_has_a_bom_and_an_attachment_name():
    response = csv_response(csv_text(["a"], [["b"]]), filename="x.csv")
    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
