"""The languages feedback is recognised in, and their names for people.

The list is the one the language detector is built for (apps/feedback/analysis); a test keeps
the two the same. Names come from CLDR through Babel, so they need no entries in our catalogs:
each language is named in itself and in the page's language ("Tiếng Việt · 베트남어").
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language, to_locale

# ISO 639-1: the district's main communities first, then by family.
DETECTABLE_LANGUAGES: tuple[str, ...] = (
    "ko", "en", "zh", "ja", "vi", "th", "tl", "id", "mn", "ru", "uz", "kk", "es", "fr",
    "de", "pt", "it", "ar", "hi", "bn", "ta", "ur", "fa", "tr", "uk", "pl", "nl",
)


@lru_cache(maxsize=512)
def _name(code: str, in_language: str) -> str:
    try:
        return Locale.parse(in_language).languages.get(code, code)
    except (UnknownLocaleError, ValueError):
        return code


def language_name(code: str, *, in_language: str | None = None) -> str:
    """The name of `code` in the page's language (or `in_language`); "" for an empty code."""
    if not code:
        return ""
    return _name(code, to_locale(in_language or get_language() or "en"))


def detectable_language_choices() -> list[tuple[str, str]]:
    page = to_locale(get_language() or "en")
    choices = []
    for code in DETECTABLE_LANGUAGES:
        native, translated = _name(code, code), _name(code, page)
        label = native if native == translated else f"{native} · {translated}"
        choices.append((code, label))
    return choices
