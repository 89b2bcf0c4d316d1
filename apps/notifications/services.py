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
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from . import ready
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
           dedupe_key: str, address: str | None = None,
           insert: bool = True) -> Notification | None:
    """Records one message for one person; delivery follows the caller's commit.

    `recipient` is a user, or None with `address` for people without an account. Returns the
    row, the existing row for a known dedupe key, or None when the person opted out.

    With `insert=False` nothing is written: the row is returned unsaved, for a caller that
    inserts it in its own statement (`ON CONFLICT (dedupe_key) DO NOTHING`) and queues
    `dispatch()` after its commit. events.services.registration_create does, to write a
    registration and its message in one round trip under the event lock.
    """
    spec = get_kind(kind)
    if not _wants(recipient=recipient, preference=spec.preference):
        return None
    address = address or getattr(recipient, "email", "")
    if not address:
        return None
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if not insert:
        return Notification(kind=kind, recipient=recipient, address=address,
                            language=language, context=context, dedupe_key=dedupe_key)
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
    redispatch beat task, and the person's request is not held up.

    With a Redis broker the id goes onto the ready list (`ready.py`), where one task delivers
    many; otherwise (eager tasks, other brokers) one `deliver` task is published."""
    from .tasks import deliver

    try:
        if ready.enabled():
            ready.push(notification_id)
        else:
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
        row.attempts += 1
        try:
            message = render_message(row)
            get_channel(row.channel).send(message)
        except TransientDeliveryError as exc:
            status = _record_failure(row, exc, transient=True, final_attempt=final_attempt)
        except (PermanentDeliveryError, Exception) as exc:
            status = _record_failure(row, exc, transient=False, final_attempt=final_attempt)
        else:
            status = _mark_sent(notification_ids=[row.pk])
    if status == DEFERRED:
        # Outside the transaction, so the attempt and the error are committed.
        raise DeliveryDeferred(row.last_error)
    return status


DEFERRED = "deferred"


def _record_failure(row: Notification, exc: BaseException, *, transient: bool,
                    final_attempt: bool) -> str:
    """Records a failed attempt on a row locked by the caller. Returns DEFERRED when a later
    attempt should retry it, else "failed". Called inside the `except` clause."""
    if transient:
        row.last_error = str(exc)[:2000]
        if final_attempt:
            row.status = Notification.Status.FAILED
    else:
        # A message that cannot be rendered or an address refused for good will not
        # work next time either: mark it failed, visible in the admin with a retry action.
        row.status = Notification.Status.FAILED
        row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        logger.exception("notification %s failed permanently", row.pk)
    row.save(update_fields=["attempts", "last_error", "status", "updated_at"])
    return row.status if row.status == Notification.Status.FAILED else DEFERRED


def _mark_sent(*, notification_ids: list[int]) -> str:
    """Marks rows locked by the caller sent: one UPDATE for a whole commit group."""
    if notification_ids:
        now = timezone.now()
        Notification.objects.filter(pk__in=notification_ids).update(
            status=Notification.Status.SENT, attempts=F("attempts") + 1, sent_at=now,
            last_error="", updated_at=now,
        )
    return Notification.Status.SENT


# Rows per transaction in a batch (see notification_deliver_batch for the trade-off).
COMMIT_GROUP = 10
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

    def add(self, status: str, count: int = 1) -> None:
        if count:
            self.counts[status] = self.counts.get(status, 0) + count


def notification_deliver_batch(*, notification_ids: list[int],
                               commit_group: int = COMMIT_GROUP) -> BatchOutcome:
    """Sends a batch of outbox rows, each exactly once, over the worker's one SMTP session.

    The rows are read once, without a lock. Then, COMMIT_GROUP rows at a time, in one
    transaction: lock the group's rows (`SELECT … FOR UPDATE SKIP LOCKED`; a row locked by
    another worker or no longer pending is skipped, as in `notification_deliver`), render
    them, send them one by one, mark those the SMTP server accepted as sent, commit.

    The size of the group is a trade-off between cost and the worst case after a crash:
    - A crash of the worker (OOM kill, a lost machine; not a deploy: warm shutdown lets the
      task finish) between an SMTP server accepting a message and the commit loses that
      row's "sent" mark, and the row is sent again. With the whole batch in one transaction
      that could be all 50 rows; with a transaction per row, one.
    - A transaction per row costs a BEGIN, a lock, an UPDATE and a COMMIT (a WAL flush) per
      message: groups of 10 save 1.5-2.5 ms of CPU per message for the worker and
      PostgreSQL together, a quarter to a third of a message's whole cost; 30-55 % more
      messages per second in alternating runs (docs/performance.md).
    So up to 10 messages (those accepted in the group before the crash) can go out twice,
    instead of at most 1; a group stays locked for about 50 ms. Rows of groups already
    committed are never at risk. The ready list's messages (registrations and other single
    messages, `deliver_ready`) keep the single-row guarantee: `commit_group=1`.

    All of a group's messages are rendered before the first is sent, so a database error
    while rendering (it aborts the transaction) rolls back a group of which nothing was sent.

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
    todo = [pk for pk in dict.fromkeys(notification_ids) if pk in rows]
    outcome.add("skipped", len(notification_ids) - len(todo))
    started = time.monotonic()
    streak = 0
    for start in range(0, len(todo), commit_group):
        group = todo[start:start + commit_group]
        with transaction.atomic():
            locked = dict(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk__in=group, status=Notification.Status.PENDING)
                .values_list("pk", "attempts")
            )
            outcome.add("skipped", len(group) - len(locked))
            messages = []
            for pk in group:
                if pk not in locked:
                    continue
                row = rows[pk]
                row.attempts = locked[pk] + 1  # the fresh count: a retry may have run
                try:
                    messages.append((row, render_message(row)))
                except DatabaseError:
                    raise  # the transaction is aborted: nothing of this group is sent
                except Exception as exc:
                    outcome.add(_record_failure(row, exc, transient=False, final_attempt=False))
            sent = []
            for index, (row, message) in enumerate(messages):
                if (streak >= BATCH_FAILURE_STREAK
                        or time.monotonic() - started > BATCH_TIME_BUDGET):
                    outcome.untried = [r.pk for r, _m in messages[index:]]
                    outcome.untried += todo[start + len(group):]
                    break
                try:
                    get_channel(row.channel).send(message)
                except TransientDeliveryError as exc:
                    _record_failure(row, exc, transient=True, final_attempt=False)
                    outcome.deferred.append(row.pk)
                    streak += 1
                    continue
                except (PermanentDeliveryError, Exception) as exc:
                    outcome.add(_record_failure(row, exc, transient=False, final_attempt=False))
                else:
                    sent.append(row.pk)
                streak = 0
            _mark_sent(notification_ids=sent)
            outcome.add(Notification.Status.SENT, len(sent))
        if outcome.untried:
            break
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
    ready.wake_if_waiting()
    return len(ids)
