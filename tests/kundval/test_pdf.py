"""The PDF helper renders in the asked language, tagged, readable as text."""

import re
import subprocess
from pathlib import Path

import pytest

from kundval.pdf import render_pdf
from tests.pdf import pdf_text

TEST_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture
def probe_template(settings):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES],
        }
    ]


@pytest.mark.parametrize(
    "language,expected",
    [("sv", "Kommun: Västerljung"), ("en", "Municipality: Västerljung")],
)
def test_pdf_in_asked_language(probe_template, tmp_path, language, expected):
    pdf = render_pdf(
        template_name="pdf_probe.html",
        context={"name": "Västerljung"},
        language=language,
    )
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert expected in text
    assert ("Hemtjänst" in text) == (language == "sv")


def test_pdf_is_tagged_for_screen_readers(probe_template, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(render_pdf(template_name="pdf_probe.html", context={"name": "T"}))
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
