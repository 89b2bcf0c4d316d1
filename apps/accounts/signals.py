"""On login, the person's preferred language becomes the current one (see the middleware)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import SESSION_KEY


@receiver(user_logged_in, dispatch_uid="accounts.apply_preferred_language")
def remember_language_to_apply(sender, request, user, **kwargs) -> None:
    language = getattr(user, "preferred_language", "")
    if request is not None and hasattr(request, "session") and language:
        request.session[SESSION_KEY] = language
