"""Deleting an account: the confirmation page, the service, and figures that stay right."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sessions.models import Session
from django.utils import timezone
from rest_framework.authtoken.models import Token

from apps.accounts.models import User
from apps.accounts.services import account_delete
from apps.events import services as event_services
from apps.events.models import Registration
from apps.feedback import services as feedback_services
from apps.insights.models import ParticipationSummary
from apps.insights.summaries import seoul_today, summaries_compute
from apps.notifications.models import Notification, NotificationPreference
from tests.events.factories_admin import QuestionFactory
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/accounts/profile/delete/"


def _past_event(**kwargs):
    start = timezone.now() - timedelta(days=10)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=3),
                        registration_opens_at=None, **kwargs)


def _register_past(event, user, status="attended", **kwargs) -> Registration:
    return Registration.objects.create(
        event=event, user=user, status=status, language=user.preferred_language,
        resident_type=user.resident_type, country=user.country,
        privacy_consent_at=timezone.now(), **kwargs)


@pytest.fixture
def person():
    return UserFactory(email="haruka@example.org", preferred_language="ja",
                       resident_type="foreign_resident", country="JP")


# --- The page ---------------------------------------------------------------------------------

def test_page_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_page_explains_what_happens_and_lists_what_is_cancelled(client, person):
    event = EventFactory(title_en="Green Start-up Summit")
    event_services.registration_create(event=event, user=person, privacy_consent=True)
    _register_past(_past_event(), person)
    client.force_login(person)
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Green Start-up Summit" in html
    assert "seats go to the next people on the waiting lists" in html
    assert "kept without your name, email address, answers or ticket code" in html
    assert 'name="confirm"' in html
    assert 'href="/en/accounts/profile/my-data.json"' in html


def test_page_is_in_the_language_of_the_url(client, person):
    client.force_login(person)
    response = client.get(URL.replace("/en/", "/ja/"))
    assert response.status_code == 200
    assert '<html lang="ja"' in response.content.decode()


def test_profile_links_to_download_and_delete(client, person):
    client.force_login(person)
    html = client.get("/en/accounts/profile/").content.decode()
    assert 'href="/en/accounts/profile/my-data.json"' in html
    assert 'href="/en/accounts/profile/delete/"' in html


def test_post_without_the_box_ticked_deletes_nothing(client, person):
    client.force_login(person)
    response = client.post(URL, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#id_confirm">Tick the box to confirm that you want to delete your account.' \
        in html  # the summary at the top links to the box
    assert 'aria-invalid="true"' in html
    assert User.objects.filter(pk=person.pk).exists()


def test_confirmed_post_deletes_signs_out_and_says_so(client, person):
    client.force_login(person)
    response = client.post(URL, {"confirm": "on"}, follow=True)
    assert response.redirect_chain[0] == ("/en/", 302)
    assert not User.objects.filter(pk=person.pk).exists()
    assert "Your account has been deleted." in response.content.decode()
    assert client.get("/en/accounts/profile/").status_code == 302  # signed out


def test_post_needs_the_csrf_token(person):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.post(URL, {"confirm": "on"}).status_code == 403
    assert User.objects.filter(pk=person.pk).exists()


def test_staff_cannot_delete_themselves(client):
    organizer = UserFactory(is_staff=True)
    client.force_login(organizer)
    page = client.get(URL)
    assert page.status_code == 200
    assert "closed by an administrator" in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()
    assert client.post(URL, {"confirm": "on"}).status_code == 403
    assert User.objects.filter(pk=organizer.pk).exists()


def test_admin_deletion_goes_through_the_same_service(client, person):
    admin = UserFactory(is_staff=True, is_superuser=True)
    registration = _register_past(_past_event(), person, answers={"1": "x"})
    client.force_login(admin)
    response = client.post(f"/en/admin/accounts/user/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:500]
    assert not User.objects.filter(pk=person.pk).exists()
    registration.refresh_from_db()
    assert registration.user_id is None and registration.anonymised_at is not None
    assert registration.answers == {}


# --- The service --------------------------------------------------------------------------------

def test_future_seat_is_cancelled_and_goes_to_the_waiting_list(person):
    event = EventFactory(capacity=1)
    mine, _ = event_services.registration_create(event=event, user=person, privacy_consent=True)
    waiting_user = UserFactory()
    waiting, _ = event_services.registration_create(event=event, user=waiting_user,
                                                    privacy_consent=True)
    assert (mine.status, waiting.status) == ("confirmed", "waitlisted")

    result = account_delete(user=person)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == "cancelled" and mine.cancelled_at is not None
    assert mine.user_id is None
    assert waiting.status == "confirmed"
    assert Notification.objects.filter(recipient=waiting_user,
                                       kind="registration.promoted").exists()
    assert (result.registrations_cancelled, result.people_promoted) == (1, 1)
    assert event_services.seats_taken(event=event) == 1


def test_waitlisted_place_is_given_up(person):
    event = EventFactory(capacity=1)
    event_services.registration_create(event=event, user=UserFactory(), privacy_consent=True)
    mine, _ = event_services.registration_create(event=event, user=person, privacy_consent=True)
    assert mine.status == "waitlisted"
    account_delete(user=person)
    mine.refresh_from_db()
    assert mine.status == "cancelled"
    assert not Registration.objects.waitlisted().filter(event=event).exists()


def test_past_registration_is_kept_anonymous(person):
    event = _past_event(interpretation_languages=["ja"])
    question = QuestionFactory(event=event)
    registration = _register_past(
        event, person, answers={str(question.pk): "Halal"}, accessibility_needs="Ramp",
        interpretation_language="ja", checked_in_at=timezone.now() - timedelta(days=10))
    old_code = registration.ticket_code

    account_delete(user=person)

    registration.refresh_from_db()
    assert registration.user_id is None
    assert registration.status == "attended"  # attendance figures stay right
    assert (registration.resident_type, registration.country.code,
            registration.language) == ("foreign_resident", "JP", "ja")
    assert registration.answers == {}
    assert registration.accessibility_needs == ""
    assert registration.interpretation_language == ""
    assert registration.ticket_code == f"ANON{registration.pk}" != old_code
    assert registration.anonymised_at is not None
    assert str(registration).endswith("Anonymised")
    # The old code, still in the person's mailbox, finds nothing any more.
    assert not Registration.objects.filter(ticket_code=old_code).exists()


def test_feedback_stays_without_the_person(person):
    organizer = UserFactory(is_staff=True)
    signed_in = feedback_services.feedback_submit(
        body="とても良いイベントでした。", user=person, consent=True, ui_language="ja",
        public=True)
    feedback_services.feedback_approve_public(feedbacks=[signed_in])
    feedback_services.reply_create(feedback=signed_in, author=organizer, body="ありがとう")
    anonymous = feedback_services.feedback_submit(
        body="席をもっと増やしてください。", email="HARUKA@example.org", consent=True,
        ui_language="ja")
    stranger = feedback_services.feedback_submit(
        body="Someone else entirely.", email="stranger@example.org", consent=True,
        ui_language="en")

    account_delete(user=person)

    signed_in.refresh_from_db()
    anonymous.refresh_from_db()
    stranger.refresh_from_db()
    assert signed_in.user_id is None and signed_in.email == ""
    assert signed_in.body == "とても良いイベントでした。"  # kept as written
    assert signed_in.replies.count() == 1 and signed_in.answered_at is not None
    assert not signed_in.public  # the consent to publish it left with the person
    assert anonymous.email == "" and anonymous.body == "席をもっと増やしてください。"
    assert stranger.email == "stranger@example.org"
    assert Notification.objects.filter(address="stranger@example.org").exists()
    assert not Notification.objects.filter(address__iexact="haruka@example.org").exists()


def test_everything_personal_is_removed(person, django_capture_on_commit_callbacks, client):
    other = UserFactory()
    event = EventFactory()
    event_services.registration_create(event=event, user=person, privacy_consent=True)
    event_services.registration_create(event=event, user=other, privacy_consent=True)
    NotificationPreference.objects.create(user=person, reminders=False)
    Token.objects.create(user=person)
    EmailAddress.objects.create(user=person, email="second@example.org", verified=True)
    client.force_login(person)
    other_client = type(client)()
    other_client.force_login(other)
    assert Session.objects.count() == 2
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.create(user=person, type=Authenticator.Type.RECOVERY_CODES,
                                     data={})

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=person)

    assert not User.objects.filter(pk=person.pk).exists()
    assert not EmailAddress.objects.filter(email__in=["haruka@example.org",
                                                      "second@example.org"]).exists()
    assert not NotificationPreference.objects.filter(user_id=person.pk).exists()
    assert not Token.objects.filter(user_id=person.pk).exists()
    assert not Notification.objects.filter(recipient_id=person.pk).exists()
    assert not Notification.objects.filter(address__iexact="haruka@example.org").exists()
    assert Notification.objects.filter(recipient=other).exists()  # others' messages stay
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        assert not Authenticator.objects.filter(user_id=person.pk).exists()
    # The person's sessions end; everyone else stays signed in.
    assert Session.objects.count() == 1
    assert other_client.get("/en/accounts/profile/").status_code == 200


def test_deletion_is_all_or_nothing(person, monkeypatch):
    event = EventFactory()
    registration, _ = event_services.registration_create(event=event, user=person,
                                                         privacy_consent=True)

    def broken(**kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr("apps.accounts.services.feedback_contact_erase", broken)
    with pytest.raises(RuntimeError):
        account_delete(user=person)
    registration.refresh_from_db()
    assert registration.status == "confirmed" and registration.user_id == person.pk
    assert User.objects.filter(pk=person.pk).exists()


# --- Figures stay right -------------------------------------------------------------------------

def _figures(start, end) -> dict[str, dict]:
    summaries_compute(start=start, end=end)
    return {row.scope_key: row.figures
            for row in ParticipationSummary.objects.filter(period_start=start, period_end=end)}


def test_summaries_keep_their_totals(person):
    """Registration and feedback figures of every scope are the same after a deletion:
    the rows stay, only the link to the person goes. (Distinct participants do change: a
    deleted person can no longer be told apart from others; see docs/privacy.md.)"""
    others = [UserFactory(resident_type="citizen", country="KR") for _ in range(3)]
    past = _past_event(axis="culture")
    other_past = _past_event(axis="tech")
    for user in [person, *others]:
        _register_past(past, user, status="attended")
    _register_past(other_past, person, status="confirmed")  # a no-show
    _register_past(other_past, others[0], status="cancelled",
                   cancelled_at=timezone.now() - timedelta(days=11))
    feedback_services.feedback_submit(body="素晴らしい体験でした。", user=person, event=past,
                                      consent=True, ui_language="ja")
    feedback_services.feedback_submit(body="Good programme overall.", user=others[1],
                                      event=past, consent=True, ui_language="en")
    feedback_services.feedback_submit(body="A general remark here.", email=person.email,
                                      consent=True, ui_language="ja")
    today = seoul_today()
    start, end = today - timedelta(days=30), today + timedelta(days=1)
    before = _figures(start, end)

    account_delete(user=person)
    after = _figures(start, end)

    assert set(after) == set(before)
    for key in before:
        b, a = before[key], after[key]
        assert a["registrations"] == b["registrations"], key
        assert a["attendance_rate"] == b["attendance_rate"], key
        assert a["attendance_base"] == b["attendance_base"], key
        assert a["cancellations"] == b["cancellations"], key
        assert a["feedback"] == b["feedback"], key
    assert before["all"]["registrations"]["total"] == 6
    assert before["all"]["feedback"]["total"] == 3
    assert after["all"]["registrations"]["by_country"]["JP"] == 2
