"""Thin Celery wrappers for the summaries (beat: hourly and nightly)."""

from __future__ import annotations

from celery import shared_task

from . import summaries


@shared_task(name="insights.summaries_hourly")
def summaries_hourly() -> int:
    """Today's rows for upcoming events. Re-running overwrites the same rows."""
    return summaries.summaries_upcoming_hourly()


@shared_task(name="insights.summaries_nightly")
def summaries_nightly() -> int:
    """Yesterday's rows for every scope. Re-running overwrites the same rows."""
    return summaries.summaries_nightly()


@shared_task(name="insights.organizer_digest")
def organizer_digest() -> int:
    """Yesterday's digest for each organizer (beat, every morning). Harmless to re-run: one
    dedupe key per organizer and day."""
    from .digest import digest_send_daily

    return digest_send_daily()
