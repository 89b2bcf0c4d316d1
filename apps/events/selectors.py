"""Reads of events. Views and the API call these, never build querysets of their own."""

from __future__ import annotations

from .models import Event


def event_list_upcoming(*, limit: int | None = None) -> list[Event]:
    qs = Event.objects.published().upcoming().order_by("starts_at")
    return list(qs[:limit] if limit else qs)
