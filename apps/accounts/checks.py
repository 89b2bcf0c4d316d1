"""System checks for the privacy settings (`manage.py check`, and so `make test`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

# The period that the privacy policy (templates/core/privacy.html) and the consent notices of
# the registration and feedback forms state, in five languages.
STATED_RETENTION_DAYS = 365


def retention_matches_notices(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    days = settings.PRIVACY_RETENTION_DAYS
    if days < 1:
        return [checks.Error(
            f"PRIVACY_RETENTION_DAYS must be at least 1 (it is {days}).",
            id="accounts.E001",
        )]
    if days != STATED_RETENTION_DAYS:
        return [checks.Warning(
            f"PRIVACY_RETENTION_DAYS is {days}, but the privacy policy and the consent notices "
            f"tell people {STATED_RETENTION_DAYS} days.",
            hint="Change templates/core/privacy.html, templates/events/register.html and "
            "templates/feedback/new.html and their translations, then STATED_RETENTION_DAYS in "
            "apps/accounts/checks.py.",
            id="accounts.W001",
        )]
    return []


def register_checks() -> None:
    checks.register(retention_matches_notices, checks.Tags.compatibility)
