"""Thin Celery wrappers for feedback analysis (queue `analysis`, routed by the `feedback.`
prefix in config/celery.py)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="feedback.analyze", bind=True, max_retries=5, acks_late=True)
def analyze(self, feedback_id: int) -> int:
    """Analyses one piece of feedback. Safe to run twice: analysis is a pure function of the
    stored text, so a second run writes the same values. A failure marks the row `failed`
    (the text stays) and retries with backoff; the beat task picks up what is left."""
    try:
        return services.feedback_analyze(feedback_ids=[feedback_id])
    except Exception as exc:
        raise self.retry(exc=exc, countdown=min(2 ** (self.request.retries + 2), 600)) from exc


@shared_task(name="feedback.requeue_unanalysed")
def requeue_unanalysed() -> int:
    """Beat, every 10 minutes: queues rows whose analysis never ran or failed. Harmless to
    run often: analysing a row twice writes the same values."""
    return services.feedback_requeue_unanalysed()
