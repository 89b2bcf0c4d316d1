"""The list of outbox rows ready for delivery, kept in the broker's Redis.

Publishing one Celery task per message cost a registration more CPU than writing it
(docs/performance.md, decision 18). So a committed row's id is pushed onto one Redis list
(`LPUSH`, one round trip on a client kept for the process), and a `deliver_ready` task is
published only when the push found the list empty, to start GATHER_SECONDS later. That task
takes up to a batch of ids (`RPOP`), publishes its successor at once while ids remain, and
delivers its batch. Every id pushed is therefore taken by a task published after it, or by
the one running. Publishes: at most one per GATHER_SECONDS plus one per batch, however many
registrations arrive and however fast the worker empties the list (without the delay, an
idle worker would empty it after every push, and every push would publish again). On a
quiet day, one task per message as before, each message half a second later.

Nothing depends on the list for correctness: the outbox row is the record. An id lost with
the list (Redis restarted, a worker killed after its `RPOP`) leaves its row pending, and the
redispatch beat task queues it a minute later; a wake-up that could not be published is
published by that beat task too (`wake_if_waiting`). An id taken twice is harmless: delivery
skips rows that are sent or locked.
"""

from __future__ import annotations

import logging
from functools import cache

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

KEY = "notifications:ready"
GATHER_SECONDS = 0.5


def enabled() -> bool:
    """True when tasks go through a Redis broker. Eager tasks (no broker: the embedded
    default) and other brokers publish one task per message instead."""
    from config.celery import app

    return (not app.conf.task_always_eager
            and str(app.conf.broker_url or "").startswith(("redis://", "rediss://")))


@cache
def _client(url: str) -> redis.Redis:
    # One client per process and URL: building a redis-py client is itself a cost worth
    # avoiding per request. Timeouts as the broker's, so an unreachable Redis never holds a
    # request up (settings.CELERY_BROKER_TRANSPORT_OPTIONS).
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    return redis.Redis.from_url(url, socket_connect_timeout=options["socket_connect_timeout"],
                                socket_timeout=options["socket_timeout"])


def client() -> redis.Redis:
    from config.celery import app

    return _client(str(app.conf.broker_url))


def push(notification_id: int) -> None:
    """Adds one id; wakes a delivery task if none was due. Raises redis.RedisError when Redis
    cannot be reached (the row then stays pending for the redispatch beat task)."""
    if client().lpush(KEY, notification_id) == 1:
        wake(countdown=GATHER_SECONDS)


def take(limit: int) -> list[int]:
    """Removes and returns up to `limit` ids, oldest first, and wakes the next task if more
    are waiting, so that other worker processes deliver the next batch meanwhile."""
    connection = client()
    ids = [int(value) for value in connection.rpop(KEY, limit) or []]
    if ids and connection.llen(KEY):
        wake()
    return ids


def wake(*, countdown: float = 0) -> bool:
    """Publishes one `deliver_ready` task. Never raises: if the broker is away, the beat task
    publishes it later (`wake_if_waiting`)."""
    from .tasks import deliver_ready

    try:
        deliver_ready.apply_async(countdown=countdown or None, retry=True,
                                  retry_policy=settings.NOTIFICATION_PUBLISH_RETRY_POLICY)
    except Exception:
        logger.warning("could not queue the delivery of ready notifications; the redispatch "
                       "task will", exc_info=True)
        return False
    return True


def wake_if_waiting() -> bool:
    """For the redispatch beat task: a wake-up whose publish failed left ids waiting with no
    task due, and later pushes found the list non-empty so did not publish one either."""
    if not enabled():
        return False
    try:
        waiting = client().llen(KEY)
    except redis.RedisError:
        logger.warning("could not read the ready list", exc_info=True)
        return False
    return bool(waiting) and wake()
