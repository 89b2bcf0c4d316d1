"""Language helpers shared by forms and templates."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.utils.translation import get_language_info


def language_name_local(code: str) -> str:
    """A language named in itself ("Tiếng Việt", "日本語"). Composed (NFC): Django spells
    "Tiếng Việt" with combining accents, which some fonts place badly and which a search for
    the composed letters does not find."""
    return unicodedata.normalize("NFC", get_language_info(code)["name_local"])


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself, so people find their own whatever language the page
    is in."""
    return [(code, language_name_local(code)) for code, _name in settings.LANGUAGES]
