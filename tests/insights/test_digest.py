from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.events import services
from apps.events.models import Registration
from apps.feedback.models import Feedback
from apps.insights.digest import digest_send_daily
from apps.insights.summaries import seoul_today
from apps.notifications.models import Notification, NotificationPreference
from apps.notifications.rendering import render_message
from tests.factories import EventFactory, UserFactory
from tests.insights.scenario import at
from tests.insights.test_feedback_summaries import feedback_at

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


def _numbers(line: str) -> list[int]:
    return sorted(int(n) for n in re.findall(r"\d+", line))


def test_the_digest_counts_feedback_in_the_organizers_language(client):
    """New feedback by sentiment for the organizer's events, and what waits for a reply after
    the target: their events and general feedback, not another organizer's."""
    yesterday = seoul_today() - timedelta(days=1)
    mine = EventFactory(title_ko="내 행사", title_ja="私のイベント")
    theirs = EventFactory(title_ko="남의 행사")
    organizer = UserFactory(is_staff=True, preferred_language="ja", name="Sato")
    mine.organizers.add(organizer)
    theirs.organizers.add(UserFactory(is_staff=True))
    # Yesterday, about my event: 3 positive, 2 neutral, 4 negative (9); no registration, so
    # feedback alone makes the activity. Feedback about their event is not mine.
    for sentiment, n in (("positive", 3), ("neutral", 2), ("negative", 4)):
        for _ in range(n):
            feedback_at(at(yesterday, 10), event=mine, sentiment=sentiment)
    feedback_at(at(yesterday, 10), event=theirs, sentiment="negative")
    # Waiting after the target: 5 of mine or general, plus some that do not count.
    old = at(yesterday - timedelta(days=settings.FEEDBACK_REPLY_TARGET_DAYS + 3))
    for _ in range(3):
        feedback_at(old, event=mine, status="received")
    for _ in range(2):
        feedback_at(old, event=None, status="in_review")
    feedback_at(old, event=theirs, status="received")  # another organizer's event
    feedback_at(old, event=mine, status="hidden")  # spam
    feedback_at(old, event=mine, status="closed")
    feedback_at(old, event=mine, answered_after=timedelta(days=1))
    feedback_at(at(yesterday), event=None, status="received")  # not late yet

    assert digest_send_daily(day=yesterday) == 2  # the other organizer has feedback too
    digest = Notification.objects.get(kind="organizer.digest", recipient=organizer)
    assert digest.context["unanswered_feedback"] == 5
    message = render_message(digest)
    assert message.language == "ja"
    assert "私のイベント" in message.text and "남의 행사" not in message.text
    with translation.override("ja"):
        # A line that is translated already: the message really is in Japanese.
        assert gettext("Cancellations: %(count)s") % {"count": 0} in message.text
        link = reverse("admin:feedback_feedback_changelist")
    assert link.startswith("/ja/")
    # Whatever the translation's word order: the bullet lines' numbers.
    bullets = [line for line in message.text.splitlines() if line.startswith("- ")]
    assert [_numbers(line) for line in bullets[4:]] == [
        [2, 3, 4, 9],  # the event: 9 new, 3 positive, 2 neutral, 4 negative
        [2, 3, 4, 9],  # all the organizer's events
        sorted([5, settings.FEEDBACK_REPLY_TARGET_DAYS]),  # 5 late, the target in days
    ]
    for text in (message.text, message.html):
        assert link + "?answered_at__isnull=True" in text

    # The link opens the admin's list of exactly those waiting for a first reply.
    url = message.text.split(link, 1)[1].split()[0]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listed = client.get(link + url).context["cl"].result_list
    assert set(listed) == set(Feedback.objects.filter(answered_at=None,
                                                      status__in=["received", "in_review"]))


def test_a_digest_recorded_before_feedback_counted_still_renders():
    yesterday = seoul_today() - timedelta(days=1)
    event = EventFactory()
    organizer = UserFactory(is_staff=True, preferred_language="en")
    event.organizers.add(organizer)
    services.registration_create(event=event, user=UserFactory(), privacy_consent=True)
    Registration.objects.update(created_at=timezone.now() - timedelta(days=1))
    digest_send_daily(day=yesterday)
    digest = Notification.objects.get(kind="organizer.digest")
    digest.context.pop("unanswered_feedback")
    message = render_message(digest)
    assert "unanswered" not in message.text.lower()
