"""The ready list (`apps/notifications/ready.py`) on a real Redis: single messages are queued
by a push, and a delivery task is published once per gathering window or batch, never lost."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.utils import timezone

from apps.events import services as event_services
from apps.notifications import ready, services, tasks
from apps.notifications.models import Notification
from config.celery import app
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def celery_conf():
    """Sets Celery's configuration for one test (monkeypatch cannot undo it)."""
    previous = {name: app.conf[name] for name in ("task_always_eager", "broker_url")}

    def use(*, eager: bool, broker: str) -> None:
        app.conf.task_always_eager = eager
        app.conf.broker_url = broker

    yield use
    app.conf.update(previous)


@pytest.fixture
def ready_list(monkeypatch, celery_conf):
    """A Redis broker (not eager), a list key of this test's own, and the wake-ups recorded
    instead of published."""
    celery_conf(eager=False, broker=settings.REDIS_URL)
    monkeypatch.setattr(ready, "KEY", f"test:ready:{uuid.uuid4().hex}")
    published = []
    monkeypatch.setattr(tasks.deliver_ready, "apply_async",
                        lambda **options: published.append(options))
    yield published
    ready.client().delete(ready.KEY)


def waiting():
    return [int(v) for v in ready.client().lrange(ready.KEY, 0, -1)]


def test_eager_tasks_or_another_broker_publish_one_task_per_message(celery_conf):
    celery_conf(eager=True, broker=settings.REDIS_URL)
    assert not ready.enabled()
    celery_conf(eager=False, broker="amqp://guest@127.0.0.1//")
    assert not ready.enabled()
    celery_conf(eager=False, broker=settings.REDIS_URL)
    assert ready.enabled()


def test_pushes_publish_one_delayed_wake_up_until_a_task_takes_them(ready_list):
    for notification_id in (11, 12, 13):
        assert services.dispatch(notification_id=notification_id)
    assert waiting() == [13, 12, 11]
    assert len(ready_list) == 1
    assert ready_list[0]["countdown"] == ready.GATHER_SECONDS
    # A task takes the oldest first and, since more wait, publishes its successor at once.
    assert ready.take(2) == [11, 12]
    assert len(ready_list) == 2 and ready_list[1]["countdown"] is None
    assert ready.take(2) == [13]
    assert ready.take(2) == []
    assert len(ready_list) == 2  # nothing left: no successor
    # The list is empty again, so the next push wakes a task again.
    services.dispatch(notification_id=14)
    assert len(ready_list) == 3 and ready_list[2]["countdown"] == ready.GATHER_SECONDS


def test_a_registration_pushes_its_message_after_the_commit(
    ready_list, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration, _ = event_services.registration_create(
            event=EventFactory(), user=UserFactory(), privacy_consent=True
        )
    row = Notification.objects.get(context__registration_id=registration.pk)
    assert waiting() == [row.pk]
    assert len(ready_list) == 1


def test_a_wake_up_that_cannot_be_published_is_published_by_the_redispatch_task(
    ready_list, monkeypatch
):
    def broker_down(**options):
        raise OSError("connection refused")

    monkeypatch.setattr(tasks.deliver_ready, "apply_async", broker_down)
    services.dispatch(notification_id=21)
    services.dispatch(notification_id=22)
    assert waiting() == [22, 21]  # queued, but no task is due to take them
    monkeypatch.setattr(tasks.deliver_ready, "apply_async",
                        lambda **options: ready_list.append(options))
    monkeypatch.setattr(tasks.deliver_batch, "apply_async", lambda **options: None)
    services.notification_redispatch_pending()
    assert len(ready_list) == 1 and ready_list[0]["countdown"] is None


def test_redis_down_leaves_the_row_pending_for_the_redispatch_task(celery_conf, caplog):
    celery_conf(eager=False, broker="redis://127.0.0.1:9/0")  # nothing listens there
    assert services.dispatch(notification_id=31) is False
    assert "could not queue notification 31" in caplog.text
    assert ready.wake_if_waiting() is False


def test_the_task_delivers_what_it_takes_one_row_at_a_time(
    ready_list, monkeypatch, django_capture_on_commit_callbacks
):
    event = EventFactory(title_ja="多言語デー", title_vi="Ngày đa ngôn ngữ", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        for language in ("ja", "vi", "ko"):
            event_services.registration_create(
                event=event, user=UserFactory(preferred_language=language),
                privacy_consent=True)
    rows = list(Notification.objects.order_by("pk"))
    assert waiting() == [row.pk for row in reversed(rows)]
    calls = []
    real = services.notification_deliver_batch
    monkeypatch.setattr(services, "notification_deliver_batch",
                        lambda **kwargs: calls.append(kwargs) or real(**kwargs))
    assert tasks.deliver_ready.run() == {"sent": 3, "deferred": 0, "untried": 0}
    assert calls == [{"notification_ids": [row.pk for row in rows], "commit_group": 1}]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(m.extra_headers["Content-Language"] for m in mail.outbox) == ["ja", "ko",
                                                                               "vi"]
    assert waiting() == []


def test_an_id_taken_but_not_delivered_is_queued_again_by_the_redispatch_task(
    ready_list, monkeypatch
):
    """A worker killed after its RPOP: the id is gone from the list, the row is not."""
    row = services.notify(kind="registration.cancelled", recipient=UserFactory(),
                          language="ko", context={}, dedupe_key="lost")
    ready.client().lpush(ready.KEY, row.pk)
    assert ready.take(50) == [row.pk]  # and then the worker dies
    Notification.objects.filter(pk=row.pk).update(
        updated_at=timezone.now() - timedelta(minutes=2))
    queued = []
    monkeypatch.setattr(tasks.deliver_batch, "apply_async",
                        lambda args, **options: queued.append(args[0]))
    assert services.notification_redispatch_pending() == 1
    assert queued == [[row.pk]]


def test_the_client_is_built_once_per_process(ready_list):
    assert ready.client() is ready.client()
    assert isinstance(ready.client(), redis.Redis)
