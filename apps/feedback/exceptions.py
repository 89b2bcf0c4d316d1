"""Errors of the feedback workflow, each with a message the author reads in their language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import Conflict, DomainError


class InvalidFeedback(DomainError):
    """Carries per-field messages (`errors`), shown beside the fields and in the API's
    `fields`."""

    code = "invalid_feedback"
    default_message = _("Please check the highlighted fields.")

    def __init__(self, errors: dict[str, str], message: str | None = None) -> None:
        self.errors = errors
        super().__init__(message)


class TooManySubmissions(DomainError):
    status_code = 429
    code = "too_many_submissions"
    default_message = _("You have sent a lot of feedback in a short time. Please wait a few "
                        "minutes and try again; what you wrote is still here.")


class FeedbackHidden(Conflict):
    code = "feedback_hidden"
    default_message = _("This feedback was hidden as spam and cannot be answered.")
