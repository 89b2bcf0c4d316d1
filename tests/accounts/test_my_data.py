""""My data": the JSON download of everything the portal holds about the signed-in person."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from apps.accounts.my_data import my_data
from apps.events import services as event_services
from apps.events.models import Registration
from apps.feedback import services as feedback_services
from apps.notifications.models import Notification, NotificationPreference
from tests.events.factories_admin import QuestionFactory
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/accounts/profile/my-data.json"


def _download(client) -> tuple[object, dict]:
    response = client.get(URL)
    body = b"".join(response.streaming_content)
    return response, json.loads(body)


@pytest.fixture
def person():
    return UserFactory(email="minh@example.org", name="Nguyen Van Minh", preferred_language="vi",
                       resident_type="foreign_resident", country="VN")


@pytest.fixture
def history(person):
    """A registration with answers, feedback signed in (answered) and anonymous feedback left
    with the person's address; someone else's data beside it."""
    event = EventFactory(title_en="K-POP World City Week")
    question = QuestionFactory(event=event, label="Dietary needs", label_en="Dietary needs")
    registration, _created = event_services.registration_create(
        event=event, user=person, privacy_consent=True, answers={str(question.pk): "Vegetarian"},
        interpretation_language="vi", accessibility_needs="Wheelchair access",
    )
    organizer = UserFactory(is_staff=True)
    signed_in = feedback_services.feedback_submit(
        body="The interpretation was excellent.", user=person, event=event, consent=True,
        ui_language="vi")
    feedback_services.reply_create(feedback=signed_in, author=organizer,
                                   body="Thank you, we will keep it.")
    anonymous = feedback_services.feedback_submit(
        body="Please add more seats next year.", email="Minh@Example.org", consent=True,
        ui_language="en")
    other = UserFactory(email="someone@example.org")
    feedback_services.feedback_submit(body="Someone else's opinion.", user=other, consent=True,
                                      ui_language="ko")
    feedback_services.feedback_submit(body="Another anonymous opinion.",
                                      email="stranger@example.org", consent=True,
                                      ui_language="ko")
    NotificationPreference.objects.create(user=person, reminders=False)
    Token.objects.create(user=person)
    return {"event": event, "question": question, "registration": registration,
            "signed_in": signed_in, "anonymous": anonymous}


def test_download_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_download_is_a_private_json_attachment(client, person):
    client.force_login(person)
    response, data = _download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="my-data-{today:%Y%m%d}.json"')
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert data["format"] == "gangnam-global-portal/my-data"
    assert data["account"]["email"] == "minh@example.org"


def test_download_holds_everything_about_the_person(client, person, history):
    client.force_login(person)
    _response, data = _download(client)

    account = data["account"]
    assert account == {**account, "name": "Nguyen Van Minh", "preferred_language": "vi",
                       "resident_type": "foreign_resident", "country": "VN"}
    assert account["privacy_consent_at"]
    assert data["email_addresses"] == [
        {"email": "minh@example.org", "verified": True, "primary": True}]

    [registration] = data["registrations"]
    assert registration["event"]["slug"] == history["event"].slug
    assert registration["event"]["title"] == "K-POP World City Week"  # the page's language
    assert registration["status"] == "confirmed"
    assert registration["ticket_code"] == history["registration"].ticket_code
    assert registration["interpretation_language"] == "vi"
    assert registration["accessibility_needs"] == "Wheelchair access"
    assert registration["answers"] == [{"question_id": str(history["question"].pk),
                                        "question": "Dietary needs", "answer": "Vegetarian"}]
    assert registration["created_at"] and registration["privacy_consent_at"]

    bodies = {f["body"]: f for f in data["feedback"]}
    assert set(bodies) == {"The interpretation was excellent.",
                           "Please add more seats next year."}
    signed_in = bodies["The interpretation was excellent."]
    assert signed_in["sent_while_signed_in"] is True
    assert [r["body"] for r in signed_in["replies"]] == ["Thank you, we will keep it."]
    anonymous = bodies["Please add more seats next year."]
    assert anonymous["sent_while_signed_in"] is False
    assert anonymous["email_for_answer"] == "Minh@Example.org"

    assert data["notification_preferences"] == {"reminders": False, "feedback_updates": True}
    kinds = sorted(m["kind"] for m in data["messages"])
    # The registration, the two "received" messages and the answer; never anyone else's.
    assert kinds == ["feedback.answered", "feedback.received", "feedback.received",
                     "registration.confirmed"]
    for message in data["messages"]:
        assert set(message) == {"kind", "address", "language", "status", "created_at",
                                "sent_at"}
        assert message["address"].lower() == "minh@example.org"
    consents = [c["given_for"] for c in data["consents"]]
    assert consents == ["account", "registration", "feedback", "feedback"]

    # A credential is never part of the download.
    token = Token.objects.get(user=person)
    assert data["api_token"]["created_at"]
    assert token.key not in json.dumps(data)


def test_download_in_another_language_keeps_codes(client, person, history):
    client.force_login(person)
    response = client.get(URL.replace("/en/", "/ko/"))
    data = json.loads(b"".join(response.streaming_content))
    [registration] = data["registrations"]
    assert registration["event"]["title"] == history["event"].title_ko
    assert registration["status"] == "confirmed"  # a code, whatever the language


def test_unverified_address_does_not_bring_in_anonymous_feedback(person):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=person, email="old@example.org", verified=False)
    feedback_services.feedback_submit(body="Written by whoever typed that address.",
                                      email="old@example.org", consent=True, ui_language="en")
    data = my_data(user=person)
    assert data["feedback"] == []
    assert data["messages"] == []


def test_query_count_does_not_grow_with_history(person):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            my_data(user=person)
        return len(queries)

    event = EventFactory()
    QuestionFactory(event=event)
    event_services.registration_create(event=event, user=person, privacy_consent=True)
    feedback_services.feedback_submit(body="First opinion here.", user=person, consent=True,
                                      ui_language="vi")
    few = count()
    for _ in range(6):
        other_event = EventFactory()
        QuestionFactory(event=other_event)
        event_services.registration_create(event=other_event, user=person, privacy_consent=True)
        feedback_services.feedback_submit(body="Another opinion here.", user=person,
                                          consent=True, ui_language="vi")
    assert count() == few


def test_anonymised_registrations_are_no_longer_in_anyones_download(person):
    """After the retention period a registration belongs to nobody: not even its person can
    get it back, since nothing links it to them any more."""
    from apps.accounts.retention import retention_apply

    past = EventFactory(starts_at=timezone.now() - timedelta(days=400),
                        ends_at=timezone.now() - timedelta(days=400) + timedelta(hours=2),
                        registration_opens_at=None)
    Registration.objects.create(event=past, user=person, status="attended", language="vi",
                                privacy_consent_at=timezone.now())
    assert len(my_data(user=person)["registrations"]) == 1
    retention_apply()
    assert my_data(user=person)["registrations"] == []
    assert not Notification.objects.filter(recipient=person, kind__startswith="registration")
