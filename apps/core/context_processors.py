"""Template context every page needs: portal name, languages for the switcher."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info


def portal(request) -> dict:
    languages = [
        {"code": code, "name_local": get_language_info(code)["name_local"]}
        for code, _name in settings.LANGUAGES
    ]
    return {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_LANGUAGES": languages}
