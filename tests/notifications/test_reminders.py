from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.events import services as event_services
from apps.events.models import Registration
from apps.notifications.models import Notification, NotificationPreference
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def registered(event, **user_kwargs):
    return event_services.registration_create(
        event=event, user=UserFactory(**user_kwargs), privacy_consent=True
    )[0]


def reminders():
    return Notification.objects.filter(kind="event.reminder")


def test_each_confirmed_registrant_gets_one_reminder_inside_the_window():
    now = timezone.now()
    soon = EventFactory(starts_at=now + timedelta(hours=47), capacity=2)
    later = EventFactory(starts_at=now + timedelta(hours=49))
    a, b = registered(soon), registered(soon)
    waiting = registered(soon)
    registered(later)
    assert waiting.status == Registration.Status.WAITLISTED
    assert event_services.reminders_send_due(now=now) == 2
    assert set(reminders().values_list("context__registration_id", flat=True)) == {a.pk, b.pk}
    # Every 10 minutes the beat runs again: nobody gets a second reminder.
    event_services.reminders_send_due(now=now + timedelta(minutes=10))
    assert reminders().count() == 2


def test_the_window_is_per_event_and_can_be_switched_off():
    now = timezone.now()
    short = EventFactory(starts_at=now + timedelta(hours=5), reminder_hours_before=3)
    off = EventFactory(starts_at=now + timedelta(hours=1), reminder_hours_before=None)
    registered(short)
    registered(off)
    assert event_services.reminders_send_due(now=now) == 0
    assert event_services.reminders_send_due(now=now + timedelta(hours=2, minutes=5)) == 1


def test_past_events_and_opted_out_people_get_none():
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=10))
    person = registered(event)
    NotificationPreference.objects.create(user=person.user, reminders=False)
    assert event_services.reminders_send_due(now=now) == 1  # considered, but not recorded
    assert not reminders().exists()
    assert event_services.reminders_send_due(now=now + timedelta(hours=11)) == 0


def test_changing_time_or_place_tells_registrants_once_per_change():
    event = EventFactory()
    registered(event)
    registered(event)
    assert event_services.event_notify_changed(event=event) == 2
    event_services.event_notify_changed(event=event)  # same version of the event
    assert Notification.objects.filter(kind="event.changed").count() == 2
    event.venue_name_ko = "강남구청 대강당"
    event.updated_at = event.updated_at + timedelta(seconds=5)
    event.save()
    event_services.event_notify_changed(event=event)
    assert Notification.objects.filter(kind="event.changed").count() == 4


def test_the_reminder_email_is_in_the_registrants_language(django_capture_on_commit_callbacks):
    from django.core import mail

    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=20), title_ja="テスト行事")
    registered(event, preferred_language="ja")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_services.reminders_send_due(now=now)
    assert len(mail.outbox) == 1
    assert "テスト行事" in mail.outbox[0].subject
