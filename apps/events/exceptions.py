"""Errors of the registration workflow, each with a message the person reads in their language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import Conflict, DomainError, NotAllowed


class RegistrationClosed(Conflict):
    code = "registration_closed"
    default_message = _("Registration for this event is closed.")


class EventCancelled(Conflict):
    code = "event_cancelled"
    default_message = _("This event has been cancelled.")


class EventFull(Conflict):
    code = "event_full"
    default_message = _("This event is full and has no waiting list.")


class ConsentRequired(DomainError):
    code = "consent_required"
    default_message = _("Please agree to the privacy notice to register.")


class InvalidAnswers(DomainError):
    code = "invalid_answers"
    default_message = _("Some answers are missing or not valid.")

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__()
        self.errors = errors


class InvalidInterpretationLanguage(DomainError):
    code = "invalid_interpretation_language"
    default_message = _("Interpretation into this language is not offered for this event.")


class CapacityBelowTaken(Conflict):
    code = "capacity_below_taken"

    def __init__(self, *, taken: int) -> None:
        super().__init__(
            _("The capacity cannot be lower than the %(taken)d seats already taken.")
            % {"taken": taken}
        )
        self.taken = taken


class NoSeatFree(Conflict):
    code = "no_seat_free"
    default_message = _("There is no free seat to promote into.")


class NotWaitlisted(Conflict):
    code = "not_waitlisted"
    default_message = _("Only registrations on the waiting list can be promoted.")


class TicketNotFound(DomainError):
    status_code = 404
    code = "ticket_not_found"
    default_message = _("No ticket with this code was found.")


class AlreadyCheckedIn(Conflict):
    code = "already_checked_in"

    def __init__(self, *, checked_in_at) -> None:
        from django.utils import formats, timezone

        when = formats.date_format(timezone.localtime(checked_in_at), "DATETIME_FORMAT")
        # Parentheses: English times end in "p.m.", which a closing full stop would double.
        super().__init__(
            _("This ticket has already been checked in (%(when)s).") % {"when": when}
        )
        self.checked_in_at = checked_in_at


class NotCheckInable(Conflict):
    code = "not_checkinable"
    default_message = _("This ticket is not confirmed, so it cannot be checked in.")


class NotOrganizer(NotAllowed):
    code = "not_organizer"
    default_message = _("Only the organizers of this event can do this.")
