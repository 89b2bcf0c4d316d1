"""The kinds of message the portal sends, and which preference (if any) can switch each off.

Each kind has templates in templates/emails/<kind>/: subject.txt, body.txt and body.html.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    # The NotificationPreference field that turns it off; None means transactional: always sent.
    preference: str | None = None
    attach_calendar: bool = False


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("registration.confirmed", attach_calendar=True),
        Kind("registration.waitlisted"),
        Kind("registration.promoted", attach_calendar=True),
        Kind("registration.cancelled"),
        Kind("event.reminder", preference="reminders"),
        Kind("event.changed", attach_calendar=True),
        Kind("event.cancelled"),
        Kind("feedback.received", preference="feedback_updates"),
        Kind("feedback.answered", preference="feedback_updates"),
        Kind("organizer.digest", preference="organizer_digest"),
    )
}


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown notification kind {name!r}") from None
