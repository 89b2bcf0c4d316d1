"""Thin Celery wrappers around the events services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="events.send_reminders")
def send_reminders() -> int:
    """Queues due reminders (beat, every 10 minutes). Harmless to re-run: each registration's
    reminder has one dedupe key, so it is recorded and sent once."""
    return services.reminders_send_due()
