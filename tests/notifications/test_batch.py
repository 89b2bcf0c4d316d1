"""Bulk recording (`notify_many`) and batched delivery (`notification_deliver_batch`), in
process: each row is sent once, failures stay per row, and committed groups stay sent."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import DatabaseError
from django.utils import timezone

from apps.events import services as event_services
from apps.events.models import Registration, new_ticket_code
from apps.notifications import services, tasks
from apps.notifications.models import Notification, NotificationPreference
from apps.notifications.services import NotifyItem
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("ko", "en", "zh-hans", "ja", "vi")


def confirmed(event, count):
    """Registrations written directly, so no confirmation message is recorded."""
    people = [UserFactory(preferred_language=LANGUAGES[i % len(LANGUAGES)])
              for i in range(count)]
    return [
        Registration.objects.create(
            event=event, user=person, status=Registration.Status.CONFIRMED,
            language=person.preferred_language, privacy_consent_at=timezone.now(),
            ticket_code=new_ticket_code(),
        )
        for person in people
    ]


def reminder_ids(count):
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20), title_ja="テスト行事",
                         title_vi="Sự kiện thử", title_zh_hans="测试活动")
    confirmed(event, count)
    event_services.reminders_send_due(now=now)
    return list(Notification.objects.filter(kind="event.reminder").order_by("pk")
                .values_list("pk", flat=True))


def item(user, key, language=None, **kwargs):
    return NotifyItem(recipient=user, language=language or user.preferred_language,
                      context={}, dedupe_key=key, **kwargs)


# --- notify_many ----------------------------------------------------------------------------

def test_notify_many_records_what_notify_would():
    ko, vi = UserFactory(preferred_language="ko"), UserFactory(preferred_language="vi")
    ids = services.notify_many(kind="registration.cancelled", items=[
        item(ko, "a"),
        item(vi, "b"),
        item(ko, "c", language="xx"),  # unknown language: Korean
        NotifyItem(recipient=None, language="ja", context={"x": 1}, dedupe_key="d",
                   address="guest@example.org"),  # no account, an address
        NotifyItem(recipient=None, language="ja", context={}, dedupe_key="e"),  # nowhere to send
    ])
    rows = {row.dedupe_key: row for row in Notification.objects.all()}
    assert sorted(ids) == sorted(row.pk for row in rows.values())
    assert set(rows) == {"a", "b", "c", "d"}
    assert (rows["b"].language, rows["b"].address, rows["b"].status) == ("vi", vi.email, "pending")
    assert rows["c"].language == "ko"
    assert (rows["d"].recipient, rows["d"].address, rows["d"].context) == (
        None, "guest@example.org", {"x": 1})


def test_notify_many_skips_known_keys_and_people_who_opted_out_in_four_statements(
    django_assert_num_queries,
):
    people = UserFactory.create_batch(30)
    for person in people[:3]:
        NotificationPreference.objects.create(user=person, reminders=False)
    services.notify_many(kind="event.reminder", items=[item(p, f"k{i}")
                                                       for i, p in enumerate(people[:10])])
    with django_assert_num_queries(4):  # preferences, known keys, INSERT, new ids
        ids = services.notify_many(kind="event.reminder", items=[
            item(p, f"k{i}") for i, p in enumerate(people)
        ] + [item(people[-1], "k29")])  # the same key twice in one call
    assert len(ids) == 20
    assert Notification.objects.count() == 27
    assert not Notification.objects.filter(recipient__in=people[:3]).exists()


def test_notify_many_queues_the_new_rows_in_batches_once_committed(
    monkeypatch, django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(services, "DELIVERY_BATCH", 4)
    published = []
    monkeypatch.setattr(tasks.deliver_batch, "apply_async",
                        lambda args, **options: published.append(args[0]))
    people = UserFactory.create_batch(10)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ids = services.notify_many(kind="registration.cancelled",
                                   items=[item(p, f"k{i}") for i, p in enumerate(people)])
    assert published == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert published == [ids[:4], ids[4:8], ids[8:]]


def test_a_broker_away_leaves_the_rows_pending_for_the_beat(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("broker away")

    monkeypatch.setattr(tasks.deliver_batch, "apply_async", down)
    assert services.dispatch_batches(notification_ids=[1, 2, 3]) == 0


def test_reminders_are_recorded_with_a_constant_number_of_statements(
    django_assert_max_num_queries,
):
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20))
    confirmed(event, 40)
    # Events, registrations with their users, then notify_many's four, and the transaction.
    with django_assert_max_num_queries(9):
        assert event_services.reminders_send_due(now=now) == 40
    assert Notification.objects.filter(kind="event.reminder").count() == 40


# --- notification_deliver_batch -------------------------------------------------------------

def test_a_batch_sends_each_row_once_in_its_recipients_language():
    ids = reminder_ids(12)
    outcome = services.notification_deliver_batch(notification_ids=ids)
    assert outcome.counts == {"sent": 12}
    assert (outcome.deferred, outcome.untried) == ([], [])
    assert len(mail.outbox) == 12
    by_address = {m.to[0]: m for m in mail.outbox}
    for row in Notification.objects.filter(pk__in=ids).select_related("recipient"):
        assert (row.status, row.attempts, row.last_error) == ("sent", 1, "")
        assert row.sent_at is not None
        message = by_address[row.address]
        assert message.extra_headers["Content-Language"] == row.language
    assert "テスト行事" in next(m.subject for m in mail.outbox
                              if m.extra_headers["Content-Language"] == "ja")
    # The same batch again (a duplicate task): nothing more goes out.
    again = services.notification_deliver_batch(notification_ids=ids)
    assert again.counts == {"skipped": 12}
    assert len(mail.outbox) == 12


def test_unknown_repeated_and_already_sent_ids_are_skipped():
    ids = reminder_ids(3)
    services.notification_deliver(notification_id=ids[0])
    outcome = services.notification_deliver_batch(notification_ids=[*ids, ids[1], 999_999])
    assert outcome.counts == {"skipped": 3, "sent": 2}
    assert len(mail.outbox) == 3


def test_a_transient_failure_defers_that_row_and_the_batch_goes_on(smtp_sink):
    ids = reminder_ids(4)
    smtp_sink.fail_next = 1
    outcome = services.notification_deliver_batch(notification_ids=ids)
    assert outcome.deferred == [ids[0]]
    assert outcome.counts == {"sent": 3}
    first = Notification.objects.get(pk=ids[0])
    assert (first.status, first.attempts) == ("pending", 1)
    assert "451" in first.last_error
    # Its retry (the single-row task) sends it; the attempts add up.
    assert services.notification_deliver(notification_id=ids[0]) == "sent"
    first.refresh_from_db()
    assert (first.status, first.attempts) == ("sent", 2)
    assert len(smtp_sink.messages) == 4


def test_an_smtp_server_that_is_down_stops_the_batch_after_three_failures(smtp_sink, settings):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    ids = reminder_ids(25)
    outcome = services.notification_deliver_batch(notification_ids=ids)
    assert outcome.deferred == ids[:3]
    assert outcome.untried == ids[3:]
    assert outcome.counts == {}
    attempts = dict(Notification.objects.values_list("pk", "attempts"))
    assert [attempts[pk] for pk in ids] == [1, 1, 1] + [0] * 22
    assert set(Notification.objects.values_list("status", flat=True)) == {"pending"}


def test_permanent_failures_fail_their_row_only(smtp_sink):
    ids = reminder_ids(5)
    Registration.objects.filter(
        pk=Notification.objects.get(pk=ids[1]).context["registration_id"]
    ).delete()  # cannot be rendered any more
    smtp_sink.refuse = True
    first = services.notification_deliver_batch(notification_ids=ids[:3])
    assert first.counts == {"failed": 3}  # refused (550) and not renderable
    smtp_sink.refuse = False
    rest = services.notification_deliver_batch(notification_ids=ids[3:])
    assert rest.counts == {"sent": 2}
    rows = dict(Notification.objects.values_list("pk", "last_error"))
    assert "550" in rows[ids[0]] and "DoesNotExist" in rows[ids[1]]
    assert len(smtp_sink.messages) == 2


def test_a_database_error_while_rendering_sends_nothing_of_that_group(monkeypatch):
    ids = reminder_ids(15)
    render = services.render_message

    def failing(row):
        if row.pk == ids[12]:
            raise DatabaseError("connection lost")
        return render(row)

    monkeypatch.setattr(services, "render_message", failing)
    with pytest.raises(DatabaseError):
        services.notification_deliver_batch(notification_ids=ids)
    # The first group (10 rows) went out and was committed; of the second, nothing was sent.
    assert len(mail.outbox) == services.COMMIT_GROUP == 10
    status = dict(Notification.objects.values_list("pk", "status"))
    assert [status[pk] for pk in ids] == ["sent"] * 10 + ["pending"] * 5


@pytest.mark.django_db(transaction=True)
def test_a_crash_mid_batch_keeps_the_sent_marks_of_committed_groups(monkeypatch):
    """The documented window: a crash loses at most the marks of its own group."""
    from apps.notifications import channels

    with monkeypatch.context() as patch:  # recorded, not queued (tasks are eager here)
        patch.setattr(services, "dispatch_batches", lambda **kwargs: 0)
        ids = reminder_ids(25)
    send = channels.EmailChannel.send
    sent = []

    class Crash(BaseException):
        pass

    def crashing(self, message):
        if len(sent) == 14:
            raise Crash
        send(self, message)
        sent.append(message.to)

    monkeypatch.setattr(channels.EmailChannel, "send", crashing)
    with pytest.raises(Crash):
        services.notification_deliver_batch(notification_ids=ids)
    status = dict(Notification.objects.values_list("pk", "status"))
    assert [status[pk] for pk in ids] == ["sent"] * 10 + ["pending"] * 15
    # Rows 11-14 were accepted by the server before the crash: they are the ones that can be
    # sent twice (at most COMMIT_GROUP). No lock is left behind.
    assert len(mail.outbox) == 14
    monkeypatch.setattr(channels.EmailChannel, "send", send)
    assert services.notification_deliver_batch(notification_ids=ids).counts == {
        "skipped": 10, "sent": 15}


def test_the_batch_task_hands_failed_and_untried_rows_to_the_single_row_task(monkeypatch):
    outcome = services.BatchOutcome(counts={"sent": 7}, deferred=[11], untried=[12, 13])
    monkeypatch.setattr(services, "notification_deliver_batch", lambda **kwargs: outcome)
    queued = []
    monkeypatch.setattr(tasks.deliver, "apply_async",
                        lambda args, **options: queued.append((args[0], options)))
    assert tasks.deliver_batch.run([10, 11, 12, 13]) == {"sent": 7, "deferred": 1,
                                                          "untried": 2}
    # The deferred row continues at its first retry (its first attempt was the batch's).
    assert [(pk, o["retries"], o["countdown"]) for pk, o in queued] == [
        (11, 1, 2), (12, 0, 2), (13, 0, 2)]


def test_redispatch_queues_pending_rows_in_batches(monkeypatch):
    ids = reminder_ids(3)
    Notification.objects.filter(pk__in=ids).update(updated_at=timezone.now() - timedelta(hours=1))
    published = []
    monkeypatch.setattr(tasks.deliver_batch, "apply_async",
                        lambda args, **options: published.append(args[0]))
    assert services.notification_redispatch_pending() == 3
    assert published == [ids]
