"""Applies a user's preferred language on the response that follows their login.

The login signal cannot touch the response, so it leaves the language in the session; here we
set the language cookie and, when the login redirects to a page, send them to that page in
their language (/ko/... becomes /vi/...).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import translate_url

SESSION_KEY = "portal_apply_language"


class PreferredLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or SESSION_KEY not in session:
            return response
        language = session.pop(SESSION_KEY)
        if language not in dict(settings.LANGUAGES):
            return response
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        location = response.get("Location") if 300 <= response.status_code < 400 else None
        if location:
            response["Location"] = translate_url(location, language)
        return response
