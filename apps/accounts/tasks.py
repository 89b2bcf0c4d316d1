"""Thin Celery wrappers for privacy (queue `default`)."""

from __future__ import annotations

from celery import shared_task

from .retention import retention_apply


@shared_task(name="accounts.retention_apply")
def retention_nightly() -> dict[str, int]:
    """Beat, every night: anonymises registrations and erases feedback addresses past the
    retention period. Harmless to run twice: what is done is no longer selected."""
    result = retention_apply()
    return {"registrations": result.registrations, "feedback": result.feedback}
