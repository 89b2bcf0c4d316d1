"""Template helpers of the feedback pages."""

from __future__ import annotations

from django import template

from apps.feedback.languages import language_name as _language_name

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """An ISO 639-1 code as a language name in the page's language (CLDR via Babel)."""
    return _language_name(code)
