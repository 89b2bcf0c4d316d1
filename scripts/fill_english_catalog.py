"""Makes locale/en/LC_MESSAGES/django.po complete after `make makemessages`: our msgids are
English, so every English msgstr is its msgid (fuzzy guesses dropped). Run with the venv's
Python: `.venv/bin/python scripts/fill_english_catalog.py`."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PATH = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

with PATH.open("rb") as handle:
    catalog = read_po(handle, locale="en")
for message in catalog:
    if message.id:
        message.string = message.id
        message.flags.discard("fuzzy")
catalog.fuzzy = False
with PATH.open("wb") as handle:
    write_po(handle, catalog, width=100, include_previous=False)
