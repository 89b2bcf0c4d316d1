"""Language helpers shared by forms and templates."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info


def language_choices() -> list[tuple[str, str]]:
    """Each language named in itself ("Tiếng Việt", "日本語"), so people find their own
    whatever language the page is in."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]
