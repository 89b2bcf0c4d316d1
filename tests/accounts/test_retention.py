"""The nightly retention task: registrations anonymised and feedback addresses erased
PRIVACY_RETENTION_DAYS after the event ended / the feedback was sent."""

from __future__ import annotations

import importlib
from datetime import datetime, timedelta

import pytest
from django.core import checks
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from apps.accounts import tasks
from apps.accounts.checks import retention_matches_notices
from apps.accounts.retention import retention_apply
from apps.events import services as event_services
from apps.events.models import Registration
from apps.feedback import services as feedback_services
from apps.feedback.models import Feedback
from apps.notifications.models import Notification
from tests.events.factories_admin import QuestionFactory
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 11, 20, 3, 15))
SECOND = timedelta(seconds=1)


def _event_ended_at(ends_at: datetime):
    return EventFactory(starts_at=ends_at - timedelta(hours=3), ends_at=ends_at,
                        registration_opens_at=None)


def _registration(event, *, status="attended", **kwargs) -> Registration:
    user = kwargs.pop("user", None) or UserFactory(resident_type="foreign_resident",
                                                   country="VN", preferred_language="vi")
    question = QuestionFactory(event=event)
    registration = Registration.objects.create(
        event=event, user=user, status=status, language="vi", resident_type="foreign_resident",
        country="VN", interpretation_language="vi", accessibility_needs="Sign language",
        answers={str(question.pk): "Yes please"}, privacy_consent_at=event.starts_at, **kwargs)
    Notification.objects.create(
        kind="registration.confirmed", recipient=user, address=user.email, language="vi",
        context={"registration_id": registration.pk}, dedupe_key=f"test:{registration.pk}")
    return registration


def _feedback_sent_at(sent_at: datetime, **kwargs) -> Feedback:
    feedback = feedback_services.feedback_submit(
        body="Cảm ơn vì sự kiện tuyệt vời.", consent=True, ui_language="vi", **kwargs)
    Feedback.objects.filter(pk=feedback.pk).update(created_at=sent_at)
    feedback.refresh_from_db()
    return feedback


def test_registration_is_anonymised_365_days_after_its_event_ended():
    cutoff = NOW - timedelta(days=365)
    due = _registration(_event_ended_at(cutoff - SECOND))
    not_yet = _registration(_event_ended_at(cutoff + SECOND))
    exactly = _registration(_event_ended_at(cutoff))

    result = retention_apply(now=NOW)

    assert result.registrations == 1
    for registration in (due, not_yet, exactly):
        registration.refresh_from_db()
    assert due.anonymised_at == NOW
    assert due.user_id is None
    assert due.answers == {}
    assert due.accessibility_needs == ""
    assert due.interpretation_language == ""
    assert due.ticket_code == f"ANON{due.pk}"
    # Kept for the statistics.
    assert (due.status, due.language, due.resident_type, due.country.code) == (
        "attended", "vi", "foreign_resident", "VN")
    assert due.event_id is not None and due.created_at is not None
    assert not Notification.objects.filter(context__registration_id=due.pk).exists()
    # Not yet due (the boundary itself included): untouched.
    for registration in (not_yet, exactly):
        assert registration.user_id is not None
        assert registration.anonymised_at is None
        assert registration.answers != {}
        assert Notification.objects.filter(context__registration_id=registration.pk).exists()


def test_the_account_itself_stays():
    """Only the registration leaves the person; their account is kept until they delete it."""
    registration = _registration(_event_ended_at(NOW - timedelta(days=400)))
    user = registration.user
    retention_apply(now=NOW)
    user.refresh_from_db()
    assert user.is_active
    assert not user.registrations.exists()


def test_every_status_of_an_old_event_is_anonymised():
    event = _event_ended_at(NOW - timedelta(days=400))
    rows = [_registration(event, status=status)
            for status in ("confirmed", "waitlisted", "cancelled", "attended")]
    assert retention_apply(now=NOW).registrations == 4
    statuses = sorted(Registration.objects.filter(pk__in=[r.pk for r in rows])
                      .values_list("status", flat=True))
    assert statuses == ["attended", "cancelled", "confirmed", "waitlisted"]
    assert not Registration.objects.filter(pk__in=[r.pk for r in rows], user__isnull=False)


def test_the_period_is_a_setting(settings):
    settings.PRIVACY_RETENTION_DAYS = 30
    due = _registration(_event_ended_at(NOW - timedelta(days=30) - SECOND))
    not_yet = _registration(_event_ended_at(NOW - timedelta(days=30) + SECOND))
    assert retention_apply(now=NOW).registrations == 1
    due.refresh_from_db()
    not_yet.refresh_from_db()
    assert due.user_id is None and not_yet.user_id is not None


def test_feedback_email_is_erased_365_days_after_it_was_sent():
    cutoff = NOW - timedelta(days=365)
    due = _feedback_sent_at(cutoff - SECOND, email="an@example.org")
    not_yet = _feedback_sent_at(cutoff + SECOND, email="bao@example.org")
    # Sent long ago, but about an event that ended recently: the clock started when it was
    # sent, as the form's notice says.
    about_event = _feedback_sent_at(cutoff - SECOND, email="chi@example.org",
                                    event=_event_ended_at(NOW - timedelta(days=10)))
    assert Notification.objects.filter(address="an@example.org").exists()

    result = retention_apply(now=NOW)

    assert result.feedback == 2
    for feedback in (due, not_yet, about_event):
        feedback.refresh_from_db()
    assert due.email == "" and about_event.email == ""
    assert due.body == "Cảm ơn vì sự kiện tuyệt vời."  # the text stays, as written
    assert not_yet.email == "bao@example.org"
    assert not Notification.objects.filter(address__in=["an@example.org",
                                                        "chi@example.org"]).exists()
    assert Notification.objects.filter(address="bao@example.org").exists()


def test_signed_in_feedback_stays_with_its_account():
    user = UserFactory()
    feedback = _feedback_sent_at(NOW - timedelta(days=400), user=user)
    retention_apply(now=NOW)
    feedback.refresh_from_db()
    assert feedback.user_id == user.pk
    assert Notification.objects.filter(recipient=user, kind="feedback.received").exists()


def test_running_twice_changes_nothing_more():
    registration = _registration(_event_ended_at(NOW - timedelta(days=400)))
    _feedback_sent_at(NOW - timedelta(days=400), email="an@example.org")
    first = retention_apply(now=NOW)
    registration.refresh_from_db()
    snapshot = (registration.ticket_code, registration.anonymised_at)

    second = retention_apply(now=NOW + timedelta(days=1))

    assert (first.registrations, first.feedback) == (1, 1)
    assert (second.registrations, second.feedback) == (0, 0)
    registration.refresh_from_db()
    assert (registration.ticket_code, registration.anonymised_at) == snapshot


def test_chunks_cover_every_row(monkeypatch):
    monkeypatch.setattr("apps.accounts.retention.CHUNK", 2)
    event = _event_ended_at(NOW - timedelta(days=400))
    for _ in range(5):
        _registration(event)
    assert retention_apply(now=NOW).registrations == 5
    assert not Registration.objects.filter(user__isnull=False).exists()


def test_figures_of_the_event_do_not_change():
    from apps.insights.summaries import summaries_compute

    event = _event_ended_at(NOW - timedelta(days=400))
    for status in ("attended", "attended", "confirmed"):
        _registration(event, status=status)
    day = timezone.localdate()  # the registrations' created_at: the summaries' period

    def figures():
        summaries_compute(start=day, end=day + timedelta(days=1), event=event)
        return event.summaries.get().figures

    before = figures()
    retention_apply(now=NOW)
    after = figures()
    assert after["registrations"] == before["registrations"]
    assert before["registrations"]["total"] == 3
    assert after["attendance_rate"] == before["attendance_rate"] == round(2 / 3, 4)


def test_future_registrations_are_never_touched():
    event = EventFactory()
    registration, _ = event_services.registration_create(event=event, user=UserFactory(),
                                                         privacy_consent=True)
    assert retention_apply().registrations == 0
    registration.refresh_from_db()
    assert registration.user_id is not None


def test_task_runs_the_service_and_reports_counts():
    _registration(_event_ended_at(timezone.now() - timedelta(days=400)))
    _feedback_sent_at(timezone.now() - timedelta(days=400), email="an@example.org")
    assert tasks.retention_nightly.delay().get() == {"registrations": 1, "feedback": 1}
    assert tasks.retention_nightly.name == "accounts.retention_apply"


def test_nightly_schedule_is_installed_by_the_migration():
    task = PeriodicTask.objects.get(task="accounts.retention_apply")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour) == ("15", "3")
    assert str(task.crontab.timezone) == "Asia/Seoul"


def test_schedule_migration_reverses_and_is_idempotent():
    from django.apps import apps as global_apps

    migration = importlib.import_module("apps.accounts.migrations.0003_retention_schedule")
    migration.delete(global_apps, None)
    assert not PeriodicTask.objects.filter(task="accounts.retention_apply").exists()
    migration.create(global_apps, None)
    migration.create(global_apps, None)
    assert PeriodicTask.objects.filter(task="accounts.retention_apply").count() == 1


def test_check_warns_when_the_period_differs_from_the_notices(settings):
    assert retention_matches_notices() == []
    settings.PRIVACY_RETENTION_DAYS = 730
    [warning] = retention_matches_notices()
    assert warning.id == "accounts.W001" and warning.level == checks.WARNING
    settings.PRIVACY_RETENTION_DAYS = 0
    [error] = retention_matches_notices()
    assert error.id == "accounts.E001"
