"""The notification hook of DESIGN.md section 5 and the delivery of outbox rows.

`notify()` is called inside the caller's transaction: it inserts one outbox row (or none, if
the dedupe key exists or the person switched this optional kind off) and, once the transaction
commits, queues its delivery on the `mail` queue. If the broker cannot be reached, the request
still succeeds: the row stays `pending` and `notification_redispatch_pending` (beat, every
minute) queues it later.

`notify_many()` does the same for bulk senders (reminders): a few statements per 500 rows
instead of a transaction per row, and delivery in batches (`notification_deliver_batch`), each
batch one task that sends its rows over the worker's one SMTP session. Either way a row is
marked sent in its own short transaction, right after the SMTP server accepted it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .channels import PermanentDeliveryError, TransientDeliveryError, get_channel
from .kinds import get_kind
from .models import Notification, NotificationPreference
from .rendering import render_message

logger = logging.getLogger(__name__)


def _wants(*, recipient: Any, preference: str | None) -> bool:
    if preference is None or recipient is None:
        return True
    prefs = NotificationPreference.objects.filter(user=recipient).first()
    return getattr(prefs, preference, True) if prefs else True


def notify(*, kind: str, recipient: Any, language: str, context: dict[str, Any],
           dedupe_key: str, address: str | None = None) -> Notification | None:
    """Records one message for one person; delivery follows the caller's commit.

    `recipient` is a user, or None with `address` for people without an account. Returns the
    row, the existing row for a known dedupe key, or None when the person opted out.
    """
    spec = get_kind(kind)
    if not _wants(recipient=recipient, preference=spec.preference):
        return None
    address = address or getattr(recipient, "email", "")
    if not address:
        return None
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    try:
        with transaction.atomic():
            row, created = Notification.objects.get_or_create(
                dedupe_key=dedupe_key,
                defaults={"kind": kind, "recipient": recipient, "address": address,
                          "language": language, "context": context},
            )
    except IntegrityError:  # a concurrent notify() with the same key won the insert
        return Notification.objects.get(dedupe_key=dedupe_key)
    if created:
        transaction.on_commit(lambda: dispatch(notification_id=row.pk))
    return row


RECORD_CHUNK = 500
# Rows per delivery task. A batch saves the per-task costs (broker round trips, Celery's
# bookkeeping, logging) but is one unit of queueing: with -c 2, two batches are sent at once.
DELIVERY_BATCH = 50


@dataclass(frozen=True)
class NotifyItem:
    """One message for `notify_many()`: what `notify()` takes, less the kind."""

    recipient: Any
    language: str
    context: dict[str, Any]
    dedupe_key: str
    address: str | None = None


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def notify_many(*, kind: str, items: Iterable[NotifyItem]) -> list[int]:
    """`notify()` for many people, inside the caller's transaction; delivery in batches
    follows the commit. Per 500 items: one query for preferences, one for the dedupe keys
    already recorded, one INSERT and one SELECT of the new ids. Returns the new rows' ids.
    """
    spec = get_kind(kind)
    languages = dict(settings.LANGUAGES)
    ids: list[int] = []
    for chunk in _chunks(items, RECORD_CHUNK):
        wanted = [item for item in chunk
                  if item.address or getattr(item.recipient, "email", "")]
        if spec.preference is not None:
            opted_out = set(
                NotificationPreference.objects.filter(
                    user__in={item.recipient.pk for item in wanted if item.recipient},
                    **{spec.preference: False},
                ).values_list("user_id", flat=True)
            )
            wanted = [item for item in wanted
                      if item.recipient is None or item.recipient.pk not in opted_out]
        known = set(
            Notification.objects.filter(dedupe_key__in=[item.dedupe_key for item in wanted])
            .values_list("dedupe_key", flat=True)
        )
        rows, keys = [], set()
        for item in wanted:
            if item.dedupe_key in known or item.dedupe_key in keys:
                continue
            keys.add(item.dedupe_key)
            rows.append(Notification(
                kind=kind, recipient=item.recipient,
                address=item.address or item.recipient.email,
                language=item.language if item.language in languages else settings.LANGUAGE_CODE,
                context=item.context, dedupe_key=item.dedupe_key,
            ))
        if not rows:
            continue
        # A concurrent notify() may insert one of these keys first: the conflict skips ours
        # and the SELECT below then also finds the other's row. Queuing it twice is harmless:
        # delivery skips rows that are sent or locked.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        ids.extend(
            Notification.objects.filter(dedupe_key__in=keys, status=Notification.Status.PENDING)
            .order_by("pk").values_list("pk", flat=True)
        )
    if ids:
        transaction.on_commit(lambda: dispatch_batches(notification_ids=ids))
    return ids


def dispatch_batches(*, notification_ids: list[int]) -> int:
    """Queues delivery in batches of DELIVERY_BATCH rows. Never raises: after a failed
    publish the rest stays pending for the redispatch beat task. Returns the rows queued."""
    from .tasks import deliver_batch

    queued = 0
    for batch in _chunks(notification_ids, DELIVERY_BATCH):
        try:
            deliver_batch.apply_async(
                args=[batch],
                retry=True,
                retry_policy=settings.NOTIFICATION_PUBLISH_RETRY_POLICY,
            )
        except Exception:
            logger.warning("could not queue %d notifications; they stay pending",
                           len(notification_ids) - queued, exc_info=True)
            break
        queued += len(batch)
    return queued


def dispatch(*, notification_id: int) -> bool:
    """Queues delivery. Never raises: a broker that is down leaves the row pending for the
    redispatch beat task, and the person's request is not held up."""
    from .tasks import deliver

    try:
        deliver.apply_async(
            args=[notification_id],
            retry=True,
            retry_policy=settings.NOTIFICATION_PUBLISH_RETRY_POLICY,
        )
    except Exception:
        logger.warning("could not queue notification %s; it stays pending", notification_id,
                       exc_info=True)
        return False
    return True


class DeliveryDeferred(Exception):
    """A transient failure was recorded; the task retries later."""


def notification_deliver(*, notification_id: int, final_attempt: bool = False) -> str:
    """Sends one outbox row, exactly once.

    The row is locked (`SELECT … FOR UPDATE SKIP LOCKED`) for the whole send, so a duplicate
    task or a second worker finds it locked or already sent and does nothing. Returns the
    row's status afterwards, or "skipped".
    """
    with transaction.atomic():
        row = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if row is None:
            return "skipped"
        status, error = _send_locked(row, final_attempt=final_attempt)
    if status == DEFERRED:
        # Outside the transaction, so the attempt and the error are committed.
        raise DeliveryDeferred(error)
    return status


DEFERRED = "deferred"


def _send_locked(row: Notification, *, final_attempt: bool) -> tuple[str, str]:
    """Renders and sends a row that the caller holds locked in its open transaction, and
    records the outcome on it. Returns (status, error): sent, failed, or DEFERRED for a
    transient failure that a later attempt should retry."""
    row.attempts += 1
    try:
        message = render_message(row)
        get_channel(row.channel).send(message)
    except TransientDeliveryError as exc:
        row.last_error = str(exc)[:2000]
        if final_attempt:
            row.status = Notification.Status.FAILED
        row.save(update_fields=["attempts", "last_error", "status", "updated_at"])
        return (row.status if final_attempt else DEFERRED), row.last_error
    except (PermanentDeliveryError, Exception) as exc:
        # A message that cannot be rendered or an address refused for good will not
        # work next time either: mark it failed, visible in the admin with a retry action.
        row.status = Notification.Status.FAILED
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        row.save(update_fields=["attempts", "last_error", "status", "updated_at"])
        logger.exception("notification %s failed permanently", row.pk)
        return row.status, row.last_error
    _mark_sent(notification_id=row.pk)
    row.status = Notification.Status.SENT
    return row.status, ""


# The two statements that every message runs, written as SQL: the ORM spends about 0.5 ms of
# CPU compiling each of them, a tenth of what a whole message may cost the worker at 200
# messages/s on two cores (docs/performance.md). Both are portable (SQLite has no row locks:
# there, as with the ORM's select_for_update, the lock clause is left out).

def _table() -> str:
    return connection.ops.quote_name(Notification._meta.db_table)


def _lock_pending(*, notification_id: int) -> int | None:
    """Locks the row if it is pending and not locked by another transaction; returns its
    attempts so far, or None."""
    skip_locked = (" FOR UPDATE SKIP LOCKED"
                   if connection.features.has_select_for_update_skip_locked else "")
    # Only the model's table name is formatted in; the values are parameters.
    sql = f"SELECT attempts FROM {_table()} WHERE id = %s AND status = %s{skip_locked}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [notification_id, Notification.Status.PENDING])
        found = cursor.fetchone()
    return found[0] if found else None


def _mark_sent(*, notification_id: int) -> None:
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (f"UPDATE {_table()} SET status = %s, attempts = attempts + 1, "  # noqa: S608
           "sent_at = %s, last_error = '', updated_at = %s WHERE id = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [Notification.Status.SENT, now, now, notification_id])


# A batch stops after this many transient failures in a row (the SMTP server is probably
# away) or after this long (well inside the task's soft time limit), and hands the rows it
# did not try to the single-row task, whose retries back off.
BATCH_FAILURE_STREAK = 3
BATCH_TIME_BUDGET = 60.0


@dataclass
class BatchOutcome:
    counts: dict[str, int] = field(default_factory=dict)  # sent / failed / skipped
    deferred: list[int] = field(default_factory=list)  # transient failure, attempt recorded
    untried: list[int] = field(default_factory=list)  # not attempted: the batch stopped early


def notification_deliver_batch(*, notification_ids: list[int]) -> BatchOutcome:
    """Sends a batch of outbox rows, each exactly once, over the worker's one SMTP session.

    The rows are read in one query, without a lock. Then each row is locked (`SELECT … FOR
    UPDATE SKIP LOCKED`, skipped if it is locked elsewhere or no longer pending), rendered,
    sent and marked sent in a transaction of its own, as in `notification_deliver`.

    Why not lock the whole batch in one transaction, which would save two statements and a
    commit per row: a crash (OOM kill, deploy, lost machine) after the SMTP server accepted
    some of the batch's messages and before that one commit would lose all their "sent"
    marks, and every one of them would be sent again. Committing per row keeps that window
    to the one message in flight, exactly as for a single row; it costs a WAL flush per
    message, which the worker's other process overlaps.

    Transient failures are recorded on the row (attempts, last error) and returned in
    `deferred`, for the single-row task to retry; the caller queues those and `untried`.
    """
    outcome = BatchOutcome()
    rows = {
        row.pk: row
        for row in Notification.objects.filter(
            pk__in=notification_ids, status=Notification.Status.PENDING
        ).select_related("recipient")
    }
    started = time.monotonic()
    streak = 0
    for index, notification_id in enumerate(notification_ids):
        if streak >= BATCH_FAILURE_STREAK or time.monotonic() - started > BATCH_TIME_BUDGET:
            outcome.untried = [pk for pk in notification_ids[index:] if pk in rows]
            break
        row = rows.get(notification_id)
        status = "skipped"
        if row is not None:
            with transaction.atomic():
                attempts = _lock_pending(notification_id=notification_id)
                if attempts is not None:
                    # The fresh count: a retry elsewhere may have added attempts meanwhile.
                    row.attempts = attempts
                    status, _error = _send_locked(row, final_attempt=False)
        if status == DEFERRED:
            outcome.deferred.append(notification_id)
            streak += 1
            continue
        streak = 0
        outcome.counts[status] = outcome.counts.get(status, 0) + 1
    return outcome


def requeue(*, notification_id: int, countdown: float, retries: int = 0) -> bool:
    """Queues the single-row task for a row a batch deferred or did not try; `retries` says
    how many attempts it already had, so its backoff continues. Never raises, like
    `dispatch()`: an unreachable broker leaves the row pending for the redispatch beat."""
    from .tasks import deliver

    try:
        deliver.apply_async(args=[notification_id], countdown=countdown, retries=retries,
                            retry=True, retry_policy=settings.NOTIFICATION_PUBLISH_RETRY_POLICY)
    except Exception:
        logger.warning("could not queue notification %s; it stays pending", notification_id,
                       exc_info=True)
        return False
    return True


def notification_retry(*, notification: Notification) -> bool:
    """An organizer's "retry" on a failed row: back to pending and queued again."""
    updated = Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.FAILED
    ).update(status=Notification.Status.PENDING, attempts=0, updated_at=timezone.now())
    if updated:
        transaction.on_commit(lambda: dispatch(notification_id=notification.pk))
    return bool(updated)


def notification_redispatch_pending(*, older_than: timedelta = timedelta(minutes=1)) -> int:
    """Queues pending rows older than `older_than`: those whose first publish failed because
    the broker was away. Queuing one twice is harmless: delivery skips sent or locked rows."""
    cutoff = timezone.now() - older_than
    ids = list(
        Notification.objects.filter(status=Notification.Status.PENDING, updated_at__lt=cutoff)
        .order_by("created_at").values_list("pk", flat=True)[:5000]
    )
    dispatch_batches(notification_ids=ids)
    return len(ids)
