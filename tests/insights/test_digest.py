from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.events import services
from apps.events.models import Registration
from apps.insights.digest import digest_send_daily
from apps.notifications.models import Notification, NotificationPreference
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_organizer_gets_one_digest_of_their_own_events_in_their_language(
    django_capture_on_commit_callbacks,
):
    yesterday = timezone.localdate() - timedelta(days=1)
    mine = EventFactory(title_ko="내 행사", title_ja="私のイベント", capacity=1)
    theirs = EventFactory(title_ko="남의 행사")
    organizer = UserFactory(is_staff=True, preferred_language="ja")
    other = UserFactory(is_staff=True)
    mine.organizers.add(organizer)
    theirs.organizers.add(other)
    for _ in range(3):
        services.registration_create(event=mine, user=UserFactory(), privacy_consent=True)
    Registration.objects.update(created_at=timezone.now() - timedelta(days=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send_daily(day=yesterday) == 1  # `other` had no activity
    digest = Notification.objects.get(kind="organizer.digest")
    assert digest.recipient == organizer and digest.language == "ja"
    body = mail.outbox[-1].body
    assert "私のイベント" in body and "남의 행사" not in body
    assert "3" in body
    # A re-run records nothing new.
    digest_send_daily(day=yesterday)
    assert Notification.objects.filter(kind="organizer.digest").count() == 1


def test_organizers_can_switch_the_digest_off():
    yesterday = timezone.localdate() - timedelta(days=1)
    event = EventFactory()
    organizer = UserFactory(is_staff=True)
    event.organizers.add(organizer)
    NotificationPreference.objects.create(user=organizer, organizer_digest=False)
    services.registration_create(event=event, user=UserFactory(), privacy_consent=True)
    Registration.objects.update(created_at=timezone.now() - timedelta(days=1))
    assert digest_send_daily(day=yesterday) == 0
