"""Rate limits of the feedback form and API: per IP and per account (django-ratelimit, on the
shared cache: Redis in production).

The per-IP rate is generous because a venue's Wi-Fi puts a whole audience behind one address;
the per-account rate is the tight one. Every attempt counts, refused ones included, so a bot
cannot probe for free. Behind a proxy, set RATELIMIT_IP_META_KEY so the client's address is
used (https://django-ratelimit.readthedocs.io/en/stable/security.html).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def feedback_rate_limited(request: HttpRequest) -> bool:
    """Counts one submission attempt; True when it is over a limit."""
    if is_ratelimited(request, group="feedback-submit-ip", key="ip",
                      rate=settings.FEEDBACK_RATE_PER_IP, increment=True):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and is_ratelimited(
        request, group="feedback-submit-user", key="user",
        rate=settings.FEEDBACK_RATE_PER_USER, increment=True,
    ))
