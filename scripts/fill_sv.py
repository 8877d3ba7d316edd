"""Fill the Swedish catalogue from a dict file of msgid → msgstr (a session helper).

Usage: .venv/bin/python scripts/fill_sv.py FILE.py — FILE defines T = {...}.
Overwrites fuzzy guesses of makemessages, which are usually wrong.
"""

import runpy
import sys

import polib

translations = runpy.run_path(sys.argv[1])["T"]
catalogue = polib.pofile("locale/sv/LC_MESSAGES/django.po")
for entry in catalogue:
    if entry.msgid in translations:
        entry.msgstr = translations[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
catalogue.save()
missing = [
    e.msgid
    for e in catalogue
    if not e.obsolete and (not e.msgstr or "fuzzy" in e.flags) and not e.msgid_plural
]
print("still untranslated:", missing)
