"""The outbox: one message per event in the recipient's language, sent exactly once."""

from __future__ import annotations

import pytest
from django.core import mail

from apps.events import services as event_services
from apps.notifications import services
from apps.notifications.models import Notification, NotificationPreference
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def register(user, **event_kwargs):
    event = EventFactory(
        title_ko="케이팝 월드 시티 위크", title_vi="Tuần lễ K-POP", title_ja="K-POPウィーク",
        venue_name_ko="코엑스", **event_kwargs,
    )
    registration, _ = event_services.registration_create(
        event=event, user=user, privacy_consent=True
    )
    return registration


def test_registration_records_one_message_in_the_recipients_language():
    user = UserFactory(preferred_language="vi")
    registration = register(user)
    row = Notification.objects.get()
    assert (row.kind, row.language, row.address, row.status) == (
        "registration.confirmed", "vi", user.email, "pending")
    assert row.context["registration_id"] == registration.pk


def test_delivery_renders_in_the_recipients_language_with_calendar(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(preferred_language="vi", name="Nguyễn Văn An")
    with django_capture_on_commit_callbacks(execute=True):
        register(user)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Tuần lễ K-POP" in message.subject
    assert "Chỗ của bạn đã được xác nhận" in message.subject or "xác nhận" in message.subject
    assert "Tuần lễ K-POP" in message.body
    assert "/vi/events/my/" in message.body  # ticket link in the person's language
    assert "/vi/notifications/preferences/" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="vi">' in html
    assert message.attachments[0][0].endswith(".ics")
    assert Notification.objects.get().status == "sent"


def test_a_japanese_recipient_gets_japanese_whatever_the_senders_language(
    django_capture_on_commit_callbacks,
):
    from django.utils import translation

    with translation.override("ko"), django_capture_on_commit_callbacks(execute=True):
        register(UserFactory(preferred_language="ja"), capacity=0)
    message = mail.outbox[0]
    assert "K-POPウィーク" in message.subject
    assert "キャンセル待ち" in message.body
    assert "/ja/" in message.body


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    register(UserFactory())
    row = Notification.objects.get()
    assert services.notification_deliver(notification_id=row.pk) == "sent"
    assert services.notification_deliver(notification_id=row.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_the_same_dedupe_key_records_one_row():
    user = UserFactory()
    for _ in range(3):
        services.notify(kind="registration.cancelled", recipient=user, language="en",
                        context={"registration_id": 1}, dedupe_key="same")
    assert Notification.objects.count() == 1


def test_optional_messages_respect_preferences_and_transactional_ones_do_not():
    user = UserFactory()
    NotificationPreference.objects.create(user=user, reminders=False)
    assert services.notify(kind="event.reminder", recipient=user, language="en",
                           context={}, dedupe_key="r1") is None
    assert services.notify(kind="registration.cancelled", recipient=user, language="en",
                           context={}, dedupe_key="c1") is not None


def test_unknown_language_falls_back_to_korean():
    row = services.notify(kind="registration.cancelled", recipient=UserFactory(),
                          language="xx", context={}, dedupe_key="k")
    assert row.language == "ko"


def test_smtp_failing_twice_then_succeeding_sends_one_email(smtp_sink):
    register(UserFactory(preferred_language="en"))
    row = Notification.objects.get()
    smtp_sink.fail_next = 2
    for _ in range(2):
        with pytest.raises(services.DeliveryDeferred):
            services.notification_deliver(notification_id=row.pk)
        row.refresh_from_db()
        assert row.status == "pending" and "451" in row.last_error
    assert services.notification_deliver(notification_id=row.pk) == "sent"
    row.refresh_from_db()
    assert (row.attempts, row.status) == (3, "sent")
    assert len(smtp_sink.messages) == 1


def test_a_refused_address_is_marked_failed_and_can_be_retried(
    smtp_sink, django_capture_on_commit_callbacks,
):
    register(UserFactory(preferred_language="en"))
    row = Notification.objects.get()
    smtp_sink.refuse = True
    assert services.notification_deliver(notification_id=row.pk) == "failed"
    row.refresh_from_db()
    assert "550" in row.last_error
    smtp_sink.refuse = False
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_retry(notification=row)
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(smtp_sink.messages) == 1


def test_the_last_transient_failure_marks_the_row_failed(smtp_sink):
    register(UserFactory())
    row = Notification.objects.get()
    smtp_sink.fail_next = 1
    assert services.notification_deliver(notification_id=row.pk, final_attempt=True) == "failed"


def test_the_admin_retry_action(client, smtp_sink):
    register(UserFactory())
    row = Notification.objects.get()
    row.status = "failed"
    row.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post("/en/admin/notifications/notification/",
                           {"action": "retry", "_selected_action": [row.pk]})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status in ("pending", "sent")


def test_organizers_cannot_read_the_outbox(client):
    organizer = UserFactory(is_staff=True)
    client.force_login(organizer)
    assert client.get("/en/admin/notifications/notification/").status_code == 403


def test_preferences_page(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/en/notifications/preferences/")
    assert page.status_code == 200
    assert "organizer_digest" not in page.content.decode()
    client.post("/en/notifications/preferences/", {"feedback_updates": "on"})
    prefs = NotificationPreference.objects.get(user=user)
    assert (prefs.reminders, prefs.feedback_updates) == (False, True)
