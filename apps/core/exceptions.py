"""Domain errors: raised by services, mapped once for HTML (middleware) and once for the API.

Each carries a translated message (gettext_lazy), so the person sees it in their language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status_code = 400
    code = "domain_error"
    default_message = _("This request cannot be carried out.")

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        super().__init__(str(self.message))


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
    default_message = _("This conflicts with the current state; reload and try again.")


class NotAllowed(DomainError):
    status_code = 403
    code = "not_allowed"
    default_message = _("You are not allowed to do this.")
