"""Every UI string is translated in every language, with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from tests.utils import ROOT

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
CATALOGS = [ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
            for lang in ("ko", "en", "zh_Hans", "ja", "vi")]


def _messages(path):
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return [m for m in catalog if m.id]


def test_every_configured_language_has_a_catalog():
    assert len(settings.LANGUAGES) == len(CATALOGS)
    for path in CATALOGS:
        assert path.exists(), path


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated_and_keeps_its_placeholders(path):
    untranslated, fuzzy, broken = [], [], []
    for message in _messages(path):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(ids[0])
        if message.fuzzy:
            fuzzy.append(ids[0])
        # A plural form may follow the singular or the plural msgid: languages with one
        # form (ko, ja, zh, vi) use the plural's placeholders, e.g. %(counter)s.
        allowed = [sorted(PLACEHOLDER.findall(msgid)) for msgid in ids]
        for string in strings:
            if string and sorted(PLACEHOLDER.findall(string)) not in allowed:
                broken.append(ids[0])
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:5]}"
    assert not broken, f"placeholders differ: {broken[:5]}"


@pytest.mark.parametrize("lang", ["ko", "zh_Hans", "ja", "vi"])
def test_translations_are_not_copies_of_the_english(lang):
    path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
    messages = [m for m in _messages(path) if isinstance(m.id, str) and len(m.id) > 12]
    copied = [m.id for m in messages if m.string == m.id]
    # A few proper names may stay as they are; most sentences must not.
    assert len(copied) <= max(3, len(messages) // 50), copied[:10]
