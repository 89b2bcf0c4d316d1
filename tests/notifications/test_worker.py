"""End to end on real PostgreSQL, Redis, a real Celery worker process and a real SMTP server."""

from __future__ import annotations

import time

import pytest

from apps.events import services as event_services
from apps.notifications import services
from apps.notifications.models import Notification
from apps.notifications.tasks import deliver
from tests.factories import EventFactory, UserFactory
from tests.utils import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

CLOSED_BROKER = "redis://127.0.0.1:9/0"




@pytest.fixture
def sink(celery_worker_process, smtp_sink_server):
    smtp_sink_server.reset()
    yield smtp_sink_server
    smtp_sink_server.reset()


def _event():
    return EventFactory(title_ko="다국어 거버넌스의 날", title_vi="Ngày quản trị đa ngôn ngữ",
                        title_ja="多言語ガバナンスデー", capacity=1)


def test_register_gives_exactly_one_message_in_each_recipients_language(sink):
    event = _event()
    vietnamese = UserFactory(preferred_language="vi", email="an@example.org")
    japanese = UserFactory(preferred_language="ja", email="haruka@example.org")
    event_services.registration_create(event=event, user=vietnamese, privacy_consent=True)
    event_services.registration_create(event=event, user=japanese, privacy_consent=True)
    assert wait_for(lambda: len(sink.messages) >= 2)
    time.sleep(1)  # anything extra would have arrived by now
    by_address = {m["To"]: m for m in sink.messages}
    assert len(sink.messages) == 2
    vi, ja = by_address["an@example.org"], by_address["haruka@example.org"]
    assert "Ngày quản trị đa ngôn ngữ" in vi["Subject"]
    assert "xác nhận" in vi["Subject"]
    assert "Ngày quản trị đa ngôn ngữ" in vi.get_body(("plain",)).get_content()
    assert "多言語ガバナンスデー" in ja["Subject"]
    assert "キャンセル待ち" in ja.get_body(("plain",)).get_content()
    assert vi["Content-Language"] == "vi" and ja["Content-Language"] == "ja"
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_duplicate_delivery_tasks_send_one_email(sink):
    registration, _ = event_services.registration_create(
        event=_event(), user=UserFactory(), privacy_consent=True
    )
    row = Notification.objects.get(context__registration_id=registration.pk)
    for _ in range(5):
        deliver.delay(row.pk)
    assert wait_for(lambda: Notification.objects.get(pk=row.pk).status == "sent")
    time.sleep(2)
    assert len(sink.messages) == 1


def test_smtp_failing_twice_then_succeeding_sends_one_email(sink):
    sink.fail_next = 2
    event_services.registration_create(event=_event(), user=UserFactory(),
                                       privacy_consent=True)
    # The row is marked sent once the SMTP server has accepted the message.
    assert wait_for(lambda: Notification.objects.filter(status="sent").exists(), timeout=60)
    row = Notification.objects.get()
    assert (row.status, row.attempts) == ("sent", 3)
    time.sleep(1)
    assert len(sink.messages) == 1


def test_broker_down_registration_succeeds_and_the_message_goes_out_later(sink):
    from tests.conftest import _database_url_for_subprocess
    from tests.utils import run_django

    event, user = _event(), UserFactory(preferred_language="vi")
    # The web process, started while Redis is unreachable: same database, dead broker.
    proc = run_django(
        "import time\n"
        "from apps.accounts.models import User\n"
        "from apps.events.models import Event\n"
        "from apps.events.services import registration_create\n"
        "started = time.monotonic()\n"
        f"registration, created = registration_create(event=Event.objects.get(pk={event.pk}),"
        f" user=User.objects.get(pk={user.pk}), privacy_consent=True)\n"
        "print(registration.status, created, round(time.monotonic() - started, 3))\n",
        env={"DATABASE_URL": _database_url_for_subprocess(), "REDIS_URL": CLOSED_BROKER,
             "CELERY_TASK_ALWAYS_EAGER": "False"},
    )
    assert proc.returncode == 0, proc.stderr
    status, created, elapsed = proc.stdout.split()[-3:]
    assert (status, created) == ("confirmed", "True")
    assert float(elapsed) < 2.0, elapsed
    assert "could not queue notification" in proc.stderr
    row = Notification.objects.get()
    assert row.status == "pending"
    time.sleep(1)
    assert sink.messages == []
    # The broker is back: the beat task re-queues pending rows older than its threshold.
    from datetime import timedelta

    assert services.notification_redispatch_pending(older_than=timedelta(0)) == 1
    assert wait_for(lambda: len(sink.messages) == 1)
    assert "Ngày quản trị đa ngôn ngữ" in sink.messages[0]["Subject"]


def test_a_burst_of_registrations_is_delivered_by_a_few_tasks_each_message_once(sink):
    from tests.utils import ROOT

    log = ROOT / "test-artifacts" / "celery-worker.log"
    tasks_before = log.read_text().count("notifications.deliver_ready[")
    event = EventFactory(title_ko="K-POP 월드 시티 위크", title_ja="K-POP ワールドシティウィーク",
                         title_vi="Tuần lễ Thành phố Thế giới K-POP", capacity=20)
    languages = ("ko", "ja", "vi")
    people = [UserFactory(preferred_language=languages[i % 3], email=f"p{i}@example.org")
              for i in range(30)]
    for person in people:
        event_services.registration_create(event=event, user=person, privacy_consent=True)
    assert wait_for(lambda: len(sink.messages) >= 30, timeout=60)
    time.sleep(2)  # anything extra would have arrived by now
    assert sorted(m["To"] for m in sink.messages) == sorted(p.email for p in people)
    assert Notification.objects.filter(status="sent").count() == 30
    # Received and succeeded lines: far fewer tasks than messages.
    tasks = log.read_text().count("notifications.deliver_ready[") - tasks_before
    assert 0 < tasks <= 2 * 10, tasks
