"""Optional machine translation of feedback for organizers, through a pluggable backend.

Off by default and never required: with TRANSLATION_URL unset, `translate_for_organizer`
returns None and the admin shows the original text only (which it always shows anyway). The
default backend speaks the LibreTranslate API (POST /translate, JSON), which self-hosted
servers implement, so feedback need not leave the district's own network.
https://docs.libretranslate.com/guides/api_usage/

Another backend is any class with `translate(*, text, source, target) -> str`, named in
TRANSLATION_BACKEND.
"""

from __future__ import annotations

import hashlib
import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

CACHE_SECONDS = 7 * 24 * 3600


class TranslationError(Exception):
    pass


class TranslationBackend(Protocol):
    def translate(self, *, text: str, source: str, target: str) -> str: ...


class LibreTranslateBackend:
    def __init__(self, *, url: str, api_key: str = "", timeout: float = 5.0) -> None:
        self.endpoint = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = timeout

    def translate(self, *, text: str, source: str, target: str) -> str:
        # urlopen would also read file: and other schemes; the setting may only name a server.
        if urllib.parse.urlsplit(self.endpoint).scheme not in ("http", "https"):
            raise TranslationError("TRANSLATION_URL must start with http:// or https://")
        payload = {"q": text, "source": source or "auto", "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
            self.endpoint, data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        try:
            # bandit B310 (file: and custom schemes): only http(s), checked above.
            with urllib.request.urlopen(  # noqa: S310  # nosec B310
                request, timeout=self.timeout
            ) as response:
                body = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
            raise TranslationError(str(error)) from error
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if not isinstance(translated, str):
            raise TranslationError(f"unexpected answer: {str(body)[:200]}")
        return translated


def get_backend() -> TranslationBackend | None:
    if not settings.TRANSLATION_URL:
        return None
    backend_class = import_string(settings.TRANSLATION_BACKEND)
    return backend_class(url=settings.TRANSLATION_URL, api_key=settings.TRANSLATION_API_KEY,
                         timeout=settings.TRANSLATION_TIMEOUT)


def target_code(language: str) -> str:
    """Portal language codes to the ISO 639-1 codes translation servers use."""
    return language.split("-")[0].lower()


def translate_for_organizer(*, text: str, source: str, target: str) -> str | None:
    """The text in `target` (a portal language), or None when translation is off, not
    needed, or failed (logged; the organizer still has the original)."""
    backend = get_backend()
    target = target_code(target)
    if backend is None or not text or source == target:
        return None
    key = "mt:" + hashlib.sha256(f"{source}|{target}|{text}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    try:
        translated = backend.translate(text=text, source=source, target=target)
    except TranslationError:
        logger.warning("machine translation failed", exc_info=True)
        return None
    cache.set(key, translated, CACHE_SECONDS)
    return translated
