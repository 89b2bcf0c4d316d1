"""The "add to calendar" file of a registration (RFC 5545, built with the icalendar library).

Everything a person reads in it (title, place, description) is in the registration's language,
the one their messages come in, not the language of the page that served the download.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from .models import Event, Registration
from .templatetags.events_tags import ticket_code_grouped

PRODID = "-//Gangnam-gu Office//Gangnam Global Participation Portal//EN"
SEOUL = ZoneInfo(settings.TIME_ZONE)


def registration_uid(registration: Registration) -> str:
    """Stable per registration, so importing the file again updates the same calendar entry
    instead of adding a second one."""
    return f"registration-{registration.pk}@gangnam-global-portal"


def _location(event: Event) -> str:
    parts = [event.venue_name, event.venue_address]
    if event.format == Event.Format.ONLINE and event.online_url:
        parts = [event.online_url]
    return ", ".join(part for part in parts if part)


def registration_calendar(*, registration: Registration, event_url: str) -> bytes:
    """A VCALENDAR with one VEVENT for the registration's event; `event_url` is the absolute
    URL of the event page in the registration's language."""
    event = registration.event
    with translation.override(registration.language):
        summary = event.title
        lines = [event.summary] if event.summary else []
        if registration.status in Registration.SEAT_STATUSES:
            lines.append(
                gettext("Your ticket code: %(code)s")
                % {"code": ticket_code_grouped(registration.ticket_code)}
            )
        elif registration.status == Registration.Status.WAITLISTED:
            lines.append(gettext("You are on the waiting list for this event."))
        if event.online_url:
            lines.append(gettext("Online: %(url)s") % {"url": event.online_url})
        lines.append(event_url)
        description = "\n\n".join(lines)
        location = _location(event)

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    vevent = icalendar.Event()
    vevent.add("uid", registration_uid(registration))
    vevent.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    vevent.add("dtstart", event.starts_at.astimezone(SEOUL))
    vevent.add("dtend", event.ends_at.astimezone(SEOUL))
    vevent.add("summary", summary)
    if location:
        vevent.add("location", location)
    vevent.add("description", description)
    vevent.add("url", event_url)
    if event.status == Event.Status.CANCELLED:
        vevent.add("status", "CANCELLED")
    elif registration.status == Registration.Status.WAITLISTED:
        vevent.add("status", "TENTATIVE")
    else:
        vevent.add("status", "CONFIRMED")
    vevent.add("last-modified", registration.updated_at.astimezone(ZoneInfo("UTC")))
    calendar.add_component(vevent)
    # Times carry TZID=Asia/Seoul; the VTIMEZONE they refer to travels with them.
    calendar.add_missing_timezones()
    return calendar.to_ical()
