"""Thin Celery wrappers around the notification services."""

from __future__ import annotations

from celery import shared_task

from . import services

MAX_RETRIES = 8


@shared_task(name="notifications.deliver", bind=True, max_retries=MAX_RETRIES,
             acks_late=True)
def deliver(self, notification_id: int) -> str:
    """Sends one outbox row. Safe to run twice: delivery locks the row and skips sent ones.

    Transient failures (SMTP 4xx, connection errors) retry with exponential backoff: 2 s,
    4 s, 8 s … up to 10 minutes; the last attempt marks the row failed.
    """
    final = self.request.retries >= MAX_RETRIES
    try:
        return services.notification_deliver(notification_id=notification_id,
                                             final_attempt=final)
    except services.DeliveryDeferred as exc:
        countdown = min(2 ** (self.request.retries + 1), 600)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(name="notifications.redispatch_pending")
def redispatch_pending() -> int:
    """Re-queues pending rows older than a minute (their first publish failed). Harmless to
    run often: delivery skips rows that are sent or being sent."""
    return services.notification_redispatch_pending()
