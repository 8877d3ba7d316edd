"""Fail when a string shown to people has no Swedish translation.

Runs makemessages over the code, reads the Swedish catalogue it produces and
lists entries that are untranslated or fuzzy; the catalogue on disk is left
as it was. Update it with `scripts/messages.sh` and translate what is new.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def main() -> int:
    with tempfile.TemporaryDirectory() as keep:
        backup = Path(keep) / "django.po"
        shutil.copy(CATALOGUE, backup)
        try:
            subprocess.run(
                [
                    sys.executable,
                    *("manage.py", "makemessages", "-l", "sv", "-v0"),
                    *("--ignore=.venv/*", "--ignore=var/*", "--add-location=file"),
                ],
                cwd=ROOT,
                check=True,
            )
            fresh = polib.pofile(str(CATALOGUE))
        finally:
            shutil.copy(backup, CATALOGUE)
    missing = [e for e in fresh if not e.obsolete and (not e.translated() or e.fuzzy)]
    for entry in missing:
        where = ", ".join(path for path, _line in entry.occurrences)
        print(f"untranslated: {entry.msgid!r} ({where})")
    print(f"translations: {len(missing)} missing of {len(fresh)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
