"""Template helpers of the event pages: the language a translated field is shown in, an
event's availability, language names, ticket codes and status badges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from modeltranslation.fields import NONE, TranslationFieldDescriptor
from modeltranslation.utils import build_localized_fieldname, resolution_order

from apps.core.i18n import language_name_local
from apps.events.models import Event, Registration
from apps.events.selectors import seats_left

register = template.Library()


def shown_language(instance, field: str) -> str | None:
    """The language whose text modeltranslation shows for `field` in the active language.

    It walks the same fallback order as modeltranslation's descriptor (DESIGN.md §6: the
    current language, then ko, then en), so the answer is the language of the text that the
    page actually prints. None when the field is not translated or empty in every language.
    """
    descriptor = getattr(type(instance), field, None)
    if not isinstance(descriptor, TranslationFieldDescriptor):
        return None
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()
    for lang in resolution_order(get_language() or "ko", descriptor.fallback_languages):
        value = getattr(instance, build_localized_fieldname(field, lang), None)
        if descriptor.meaningful_value(value, undefined):
            return lang
    return None


def fallback_language(instance, field: str) -> str | None:
    """The language shown for `field` when it differs from the page's language, else None."""
    shown = shown_language(instance, field)
    current = (get_language() or "").lower()
    if shown and shown.lower() != current:
        return shown
    return None


@register.simple_tag
def lang_attr(instance, field: str) -> SafeString:
    """` lang="ko"` when the field is shown in a fallback language, so screen readers and
    browsers (fonts, hyphenation) treat the text as the language it is written in.

    Usage: <h1{% lang_attr event "title" %}>{{ event.title }}</h1>
    """
    lang = fallback_language(instance, field)
    if not lang:
        return SafeString("")
    return format_html(' lang="{}"', lang)


@register.filter
def language_name(code: str) -> str:
    """A language named in itself ("Tiếng Việt", "日本語"), as in the language switcher."""
    if not code:
        return ""
    try:
        return language_name_local(code)
    except KeyError:
        return code


@register.filter
def ticket_code_grouped(code: str) -> str:
    """ABCD2345EFGH → ABCD-2345-EFGH: groups of four are easier to read out and type."""
    code = (code or "").strip()
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


STATUS_BADGES = {
    Registration.Status.CONFIRMED: "bg-light-success",
    Registration.Status.WAITLISTED: "bg-light-warning",
    Registration.Status.CANCELLED: "bg-light-gray",
    Registration.Status.ATTENDED: "bg-light-primary",
}


@register.filter
def status_badge_class(status: str) -> str:
    return STATUS_BADGES.get(status, "bg-light-gray")


@dataclass(frozen=True)
class Availability:
    """What a person can do about an event right now.

    state is one of: cancelled, ended, not_yet_open, closed, seats (a number left), unlimited,
    waitlist (full, the waiting list takes new registrations), full (no waiting list).
    """

    state: str
    seats_left: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None

    @property
    def can_register(self) -> bool:
        return self.state in {"seats", "unlimited", "waitlist"}


def availability(event: Event, *, now: datetime | None = None) -> Availability:
    """Reads the `seats_taken` annotation of the selectors, so a list costs no extra query."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return Availability("cancelled")
    if now >= event.ends_at:
        return Availability("ended")
    if event.registration_opens_at and now < event.registration_opens_at:
        return Availability("not_yet_open", opens_at=event.registration_opens_at)
    if not event.is_open_for_registration(now=now):
        return Availability("closed", closes_at=event.registration_closes_at)
    left = seats_left(event)
    closes_at = event.registration_closes_at
    if left is None:
        return Availability("unlimited", closes_at=closes_at)
    if left > 0:
        return Availability("seats", seats_left=left, closes_at=closes_at)
    if event.waitlist_enabled:
        return Availability("waitlist", seats_left=0, closes_at=closes_at)
    return Availability("full", seats_left=0)


@register.simple_tag
def event_availability(event: Event) -> Availability:
    """Usage: {% event_availability event as av %}"""
    return availability(event)
