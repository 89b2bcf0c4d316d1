"""Template context every page needs: portal name, languages for the switcher."""

from __future__ import annotations

from django.conf import settings

from .i18n import language_choices


def portal(request) -> dict:
    languages = [{"code": code, "name_local": name} for code, name in language_choices()]
    return {"PORTAL_NAME": settings.PORTAL_NAME, "PORTAL_LANGUAGES": languages}
