"""The notification hook of DESIGN.md section 5 and the delivery of outbox rows.

`notify()` is called inside the caller's transaction: it inserts one outbox row (or none, if
the dedupe key exists or the person switched this optional kind off) and, once the transaction
commits, queues its delivery on the `mail` queue. If the broker cannot be reached, the request
still succeeds: the row stays `pending` and `notification_redispatch_pending` (beat, every
minute) queues it later.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
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
        row.attempts += 1
        try:
            message = render_message(row)
            get_channel(row.channel).send(message)
        except TransientDeliveryError as exc:
            row.last_error = str(exc)[:2000]
            if final_attempt:
                row.status = Notification.Status.FAILED
            row.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            if final_attempt:
                return row.status
            error = exc
        except (PermanentDeliveryError, Exception) as exc:
            # A message that cannot be rendered or an address refused for good will not
            # work next time either: mark it failed, visible in the admin with a retry action.
            row.status = Notification.Status.FAILED
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            row.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            logger.exception("notification %s failed permanently", row.pk)
            return row.status
        else:
            row.status = Notification.Status.SENT
            row.sent_at = timezone.now()
            row.last_error = ""
            row.save(update_fields=["attempts", "status", "sent_at", "last_error", "updated_at"])
            return row.status
    # Outside the transaction, so the attempt and the error above are committed.
    raise DeliveryDeferred(str(error))


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
    for pk in ids:
        if not dispatch(notification_id=pk):
            break
    return len(ids)
