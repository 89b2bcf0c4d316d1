"""Thin Celery wrappers around the notification services."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.signals import worker_process_shutdown

from . import channels, ready, services

MAX_RETRIES = 8


def _backoff(retries: int) -> int:
    """Seconds before retry number `retries + 1`: 2, 4, 8 … up to 10 minutes."""
    return min(2 ** (retries + 1), 600)


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
        raise self.retry(exc=exc, countdown=_backoff(self.request.retries)) from exc


@shared_task(name="notifications.deliver_batch", acks_late=True)
def deliver_batch(notification_ids: list[int]) -> dict[str, int]:
    """Sends a batch of outbox rows (bulk senders: reminders). Safe to run twice, like
    `deliver`. A row that fails transiently continues as a `deliver` task at its first
    retry; rows the batch did not try (it stopped early) go to `deliver` as new."""
    return _deliver(notification_ids)


@shared_task(name="notifications.deliver_ready", acks_late=True)
def deliver_ready() -> dict[str, int]:
    """Sends up to a batch of the ids waiting on the ready list (`ready.py`): the messages
    of registrations, cancellations and every other single `notify()`. Publishes its successor
    first while more are waiting. Failed and untried rows continue as in `deliver_batch`;
    a row that fails transiently is retried by `deliver` from its second attempt on."""
    # Marked sent one by one, as `deliver` does: a crash can send at most one twice.
    return _deliver(ready.take(services.DELIVERY_BATCH), commit_group=1)


def _deliver(notification_ids: list[int], **options: Any) -> dict[str, int]:
    outcome = services.notification_deliver_batch(notification_ids=notification_ids,
                                                  **options)
    for notification_id in outcome.deferred:
        services.requeue(notification_id=notification_id, countdown=_backoff(0), retries=1)
    for notification_id in outcome.untried:
        services.requeue(notification_id=notification_id, countdown=_backoff(0))
    return {**outcome.counts, "deferred": len(outcome.deferred),
            "untried": len(outcome.untried)}


@shared_task(name="notifications.redispatch_pending")
def redispatch_pending() -> int:
    """Re-queues pending rows older than a minute (their first publish failed). Harmless to
    run often: delivery skips rows that are sent or being sent."""
    return services.notification_redispatch_pending()


@worker_process_shutdown.connect
def _close_channels(**kwargs: Any) -> None:
    """A pool process that exits ends its SMTP session with a QUIT."""
    channels.close_all()
