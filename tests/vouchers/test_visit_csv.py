"""The CSV import (page, command): all or nothing, row errors with line
numbers, both delimiters, a byte order mark, the header checked."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from tests.customers.conftest import TODAY
from vouchers.calendar import STOCKHOLM
from vouchers.models import Visit
from vouchers.services.visit_csv import FILE, visits_import_csv

YESTERDAY = TODAY() - timedelta(days=1)


def csv_of(*rows, sep=";", header="choice;start;end;category;staff;approved"):
    lines = [header.replace(";", sep)] + [sep.join(row) for row in rows]
    return "\n".join(lines) + "\n"


def row(choice, start="08:00", end="09:00", category="personal_care", **extra):
    day = extra.get("day", YESTERDAY).isoformat()
    return [
        str(choice.pk if hasattr(choice, "pk") else choice),
        f"{day}T{start}",
        f"{day}T{end}",
        category,
        extra.get("staff", ""),
        extra.get("approved", ""),
    ]


def run(world, text, encoding="utf-8", user=None):
    return visits_import_csv(
        user=user or world["first_user"],
        provider=world["first"],
        file=io.BytesIO(text.encode(encoding)),
    )


def test_semicolons_with_a_byte_order_mark(world, accepted):
    text = csv_of(
        row(accepted, staff="A17", approved="1"),
        row(accepted, "10:00", "10:30", "service", approved="nej"),
    )
    result = run(world, text, encoding="utf-8-sig")
    assert (result.ok, result.imported) == (True, 2)
    first, second = Visit.objects.order_by("starts_at")
    assert (first.staff, first.source, first.approved_at is not None) == (
        "A17",
        "csv",
        True,
    )
    assert (second.category, second.approved_at) == ("service", None)
    assert first.starts_at == datetime.combine(YESTERDAY, time(8), tzinfo=STOCKHOLM)


def test_commas_offsets_and_optional_columns_in_any_order(world, accepted):
    day = YESTERDAY.isoformat()
    text = (
        "Category,End,Start,Choice\n"
        f"service,{day}T09:00:00+00:00,{day} 08:00+00:00,{accepted.pk}\n"
    )
    result = run(world, text)
    assert result.ok, result.errors
    (visit,) = Visit.objects.all()
    assert visit.duration == timedelta(hours=1)
    assert visit.starts_at.utcoffset() is not None
    assert visit.starts_at.isoformat().startswith(f"{day}T08:00:00")


@pytest.mark.parametrize("sep", [";", ","])
def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(world, accepted, sep):
    text = csv_of(
        row(accepted),
        row(accepted, "09:00", "08:00"),  # line 3: ends before it starts
        row("x1"),  # line 4: no choice id
        row(accepted, "nine", "10:00"),  # line 5: no time
        row(accepted, approved="maybe"),  # line 6
        row(accepted, category="cleaning"),  # line 7
        row(accepted, day=TODAY() + timedelta(days=2)),  # line 8: future
        sep=sep,
    )
    result = run(world, text)
    assert result.imported == 0
    assert sorted(result.errors) == [3, 4, 5, 6, 7, 8]
    assert result.errors[3][0].startswith("end: ")
    assert result.errors[4][0].startswith("choice: ")
    assert result.errors[5][0].startswith("start: ")
    assert result.errors[6][0].startswith("approved: ")
    assert result.errors[7][0].startswith("category: ")
    assert not Visit.objects.exists()


def test_a_choice_of_another_provider_is_a_row_error(world, accepted):
    result = visits_import_csv(
        user=world["second_user"],
        provider=world["second"],
        file=io.BytesIO(csv_of(row(accepted)).encode()),
    )
    assert list(result.errors) == [2]
    assert result.errors[2][0].startswith("choice: ")
    assert not Visit.objects.exists()


def test_only_a_member_imports_for_a_provider(world, accepted):
    with pytest.raises(PermissionDenied):
        run(world, csv_of(row(accepted)), user=world["second_user"])


@pytest.mark.parametrize(
    "header",
    ["choice;start;category", "choice;start;end;category;colour", "", "a;b;c;d"],
)
def test_a_bad_header_is_line_one(world, accepted, header):
    result = run(world, csv_of(row(accepted), header=header))
    assert list(result.errors) == [1]
    assert not Visit.objects.exists()


def test_not_utf8_and_empty_files(world, accepted):
    latin = run(world, csv_of(row(accepted, staff="Åsa")), encoding="latin-1")
    assert list(latin.errors) == [FILE]
    empty = run(world, "choice;start;end;category\n\n")
    assert list(empty.errors) == [FILE]


def test_a_file_over_the_size_limit_imports_nothing(world, accepted, monkeypatch):
    text = csv_of(row(accepted), row(accepted, "10:00", "11:00"))
    monkeypatch.setattr("vouchers.services.visit_csv.MAX_BYTES", len(text) - 1)
    result = run(world, text)
    assert list(result.errors) == [FILE]
    assert "20 MB" in str(result.errors[FILE][0])
    assert not Visit.objects.exists()
    monkeypatch.setattr("vouchers.services.visit_csv.MAX_BYTES", len(text))
    assert run(world, text).imported == 2


def test_a_line_the_csv_module_cannot_read_is_named(world, accepted):
    # csv refuses a field over 128 KiB with an error, not a row: it was a 500.
    text = csv_of(row(accepted), ["x" * 200_000])
    assert list(run(world, text).errors) == [3]
    assert not Visit.objects.exists()


def test_blank_lines_are_skipped_and_line_numbers_stay_true(world, accepted):
    text = csv_of(row(accepted), [""], row(accepted, "09:00", "08:00"))
    assert list(run(world, text).errors) == [4]


def test_the_command_imports_or_lists_the_errors(world, accepted, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(csv_of(row(accepted), row(accepted, "10:00", "11:00")))
    bad.write_text(csv_of(row(accepted), row(accepted, "10:00", "09:00")))
    username = world["first_user"].username
    out = io.StringIO()
    call_command("import_visits", str(good), user=username, stdout=out)
    assert "2 visits imported" in out.getvalue()
    with pytest.raises(CommandError, match="line 3: end: "):
        call_command("import_visits", str(bad), user=username)
    assert Visit.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("import_visits", str(good), user="nobody-here")
    outsider = world["officer"].username
    with pytest.raises(CommandError, match="no such provider"):
        call_command("import_visits", str(good), user=outsider)
