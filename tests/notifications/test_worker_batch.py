"""Batched delivery end to end: real PostgreSQL, Redis, Celery worker process and SMTP server."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.events import services as event_services
from apps.events.models import Registration, new_ticket_code
from apps.notifications.models import Notification
from apps.notifications.tasks import deliver, deliver_batch
from tests.factories import EventFactory, UserFactory
from tests.utils import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("ko", "en", "zh-hans", "ja", "vi")




@pytest.fixture
def sink(celery_worker_process, smtp_sink_server):
    smtp_sink_server.reset()
    yield smtp_sink_server
    smtp_sink_server.reset()


def due_event(count):
    """An event within its reminder window, with `count` confirmed registrations written
    directly (no confirmation messages), languages in turn."""
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20), title_ja="多言語デー",
                         title_vi="Ngày đa ngôn ngữ", title_zh_hans="多语言日",
                         title_en="Multilingual day", title_ko="다국어의 날", capacity=None)
    for i in range(count):
        person = UserFactory(preferred_language=LANGUAGES[i % len(LANGUAGES)])
        Registration.objects.create(event=event, user=person,
                                    status=Registration.Status.CONFIRMED,
                                    language=person.preferred_language,
                                    privacy_consent_at=now, ticket_code=new_ticket_code())
    return now


def test_reminders_go_out_in_batches_once_each_in_each_language(sink):
    now = due_event(60)  # two batches of 50 and 10
    assert event_services.reminders_send_due(now=now) == 60
    assert wait_for(lambda: Notification.objects.filter(status="sent").count() == 60)
    rows = list(Notification.objects.select_related("recipient"))
    # Duplicate tasks for rows already sent (a redelivered batch, the redispatch beat): no-ops.
    ids = [row.pk for row in rows]
    for _ in range(3):
        deliver_batch.delay(ids)
    deliver.delay(ids[0])
    time.sleep(3)
    assert len(sink.messages) == 60
    to = Counter(m["To"] for m in sink.messages)
    assert set(to.values()) == {1}
    language_of = {row.address: row.language for row in rows}
    assert {m["To"]: m["Content-Language"] for m in sink.messages} == language_of
    ja = next(m for m in sink.messages if m["Content-Language"] == "ja")
    assert "多言語デー" in ja["Subject"]
    assert {(row.status, row.attempts) for row in rows} == {("sent", 1)}


def test_duplicate_batches_racing_each_other_send_each_row_once(sink):
    now = due_event(30)
    # Recorded without queuing, then the same batch published four times at once: the two
    # pool processes of the worker take them concurrently.
    from unittest import mock

    with mock.patch("apps.notifications.services.dispatch_batches"):
        event_services.reminders_send_due(now=now)
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    for _ in range(4):
        deliver_batch.delay(ids)
    assert wait_for(lambda: len(sink.messages) >= 30)
    time.sleep(3)
    assert len(sink.messages) == 30
    assert len({m["To"] for m in sink.messages}) == 30
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_transient_failure_in_a_batch_is_retried_by_the_single_row_task(sink):
    now = due_event(5)
    sink.fail_next = 1
    event_services.reminders_send_due(now=now)
    assert wait_for(lambda: Notification.objects.filter(status="sent").count() == 5)
    time.sleep(1)
    assert len(sink.messages) == 5
    attempts = sorted(Notification.objects.values_list("attempts", flat=True))
    assert attempts == [1, 1, 1, 1, 2]  # the deferred row, retried after 2 s
    retried = Notification.objects.get(attempts=2)
    assert "451" not in retried.last_error  # cleared once sent
