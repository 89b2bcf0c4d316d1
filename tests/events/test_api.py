from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from apps.events import services
from tests.factories import EventFactory, RegistrationQuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def api(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user:
        client.force_authenticate(user)
    return client


def test_event_list_is_localized_and_shows_seats():
    event = EventFactory(capacity=3, title_ko="강남 행사", title_vi="Sự kiện Gangnam")
    services.registration_create(event=event, user=UserFactory(), privacy_consent=True)
    EventFactory(status="draft")
    body = api(language="vi").get("/api/v1/events/").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["title"] == "Sự kiện Gangnam"
    assert item["seats_left"] == 2
    assert item["registration_open"] is True
    # No Vietnamese summary: Korean fallback, never empty.
    assert api(language="ja").get("/api/v1/events/").json()["results"][0]["title"] == "강남 행사"


def test_event_list_query_count_is_constant(django_assert_max_num_queries):
    EventFactory.create_batch(3)
    with django_assert_max_num_queries(3) as small:
        api().get("/api/v1/events/")
    EventFactory.create_batch(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        api().get("/api/v1/events/")


def test_event_list_filters():
    EventFactory(axis="tech", interpretation_languages=["ja"])
    EventFactory(axis="green", interpretation_languages=["vi"], capacity=0)
    assert api().get("/api/v1/events/?axis=tech").json()["count"] == 1
    assert api().get("/api/v1/events/?interpretation=vi").json()["count"] == 1
    assert api().get("/api/v1/events/?has_seats=true").json()["count"] == 1


def test_event_detail_has_the_agenda():
    event = EventFactory()
    event.agenda_items.create(starts_at=event.starts_at, title_ko="개회", title_en="Opening")
    body = api().get(f"/api/v1/events/{event.slug}/").json()
    assert [item["title"] for item in body["agenda"]] == ["Opening"]
    assert api().get("/api/v1/events/nope/").status_code == 404


def test_register_then_repeat_returns_the_same_registration():
    event, user = EventFactory(capacity=1), UserFactory()
    url = f"/api/v1/events/{event.slug}/registrations/"
    first = api(user).post(url, {"privacy_consent": True}, format="json")
    assert first.status_code == 201
    assert first.json()["status"] == "confirmed"
    assert len(first.json()["ticket_code"]) == 12
    again = api(user).post(url, {"privacy_consent": True}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    waiting = api(UserFactory()).post(url, {"privacy_consent": True}, format="json").json()
    assert (waiting["status"], waiting["waitlist_position"]) == ("waitlisted", 1)


def test_register_requires_authentication_and_consent():
    event = EventFactory()
    url = f"/api/v1/events/{event.slug}/registrations/"
    assert api().post(url, {"privacy_consent": True}, format="json").status_code == 401
    refused = api(UserFactory(), "ko").post(url, {"privacy_consent": False}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "consent_required"
    assert not event.registrations.exists()


def test_closed_or_full_events_answer_409_in_the_callers_language():
    full = EventFactory(capacity=0, waitlist_enabled=False)
    cancelled = EventFactory(status="cancelled")
    for event, code in ((full, "event_full"), (cancelled, "event_cancelled")):
        response = api(UserFactory(), "ja").post(
            f"/api/v1/events/{event.slug}/registrations/", {"privacy_consent": True},
            format="json",
        )
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == code
        assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"
                   for ch in error["message"]), error["message"]


def test_missing_required_answer_names_the_question():
    event = EventFactory()
    question = RegistrationQuestionFactory(event=event, required=True)
    response = api(UserFactory()).post(
        f"/api/v1/events/{event.slug}/registrations/", {"privacy_consent": True}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {str(question.pk): "required"}
    ok = api(UserFactory()).post(
        f"/api/v1/events/{event.slug}/registrations/",
        {"privacy_consent": True, "answers": {str(question.pk): "Yes"}}, format="json",
    )
    assert ok.status_code == 201


def test_my_registrations_and_cancel_only_mine():
    event = EventFactory()
    me, other = UserFactory(), UserFactory()
    mine, _ = services.registration_create(event=event, user=me, privacy_consent=True)
    theirs, _ = services.registration_create(event=event, user=other, privacy_consent=True)
    listed = api(me).get("/api/v1/registrations/").json()
    assert [r["id"] for r in listed["results"]] == [mine.pk]
    assert api(me).delete(f"/api/v1/registrations/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"
    assert api(me).delete(f"/api/v1/registrations/{mine.pk}/").status_code == 204
    mine.refresh_from_db()
    assert mine.status == "cancelled"


def test_checkin_for_the_events_organizers_only():
    event = EventFactory()
    organizer, stranger = UserFactory(is_staff=True), UserFactory(is_staff=True)
    event.organizers.add(organizer)
    registration, _ = services.registration_create(
        event=event, user=UserFactory(), privacy_consent=True
    )
    payload = {"ticket_code": registration.ticket_code}
    assert api(UserFactory()).post("/api/v1/checkins/", payload, format="json").status_code == 403
    assert api(stranger).post("/api/v1/checkins/", payload, format="json").status_code == 404
    done = api(organizer).post("/api/v1/checkins/", payload, format="json")
    assert done.status_code == 200 and done.json()["status"] == "attended"
    again = api(organizer).post("/api/v1/checkins/", payload, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_checked_in"


@pytest.mark.parametrize("sign_in", ["token", "session", "page"])
def test_the_registration_keeps_the_persons_country_however_they_signed_in(client, sign_in):
    """request.user is a lazy object with a session, a loaded User with a token: both give
    the registration the person's country and resident type."""
    from rest_framework.authtoken.models import Token

    from apps.events.models import Registration

    event = EventFactory(slug="multilingual-day")
    person = UserFactory(country="VN", resident_type="foreign_resident")
    if sign_in == "page":
        client.force_login(person)
        response = client.post("/en/events/multilingual-day/register/",
                               {"privacy_consent": "on"})
        assert response.status_code == 302
    else:
        caller = APIClient()
        if sign_in == "token":
            caller.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=person)}")
        else:
            caller.force_login(person)
        response = caller.post("/api/v1/events/multilingual-day/registrations/",
                               {"privacy_consent": True}, format="json")
        assert response.status_code == 201
    stored = Registration.objects.get(event=event, user=person)
    assert (stored.country.code, stored.resident_type) == ("VN", "foreign_resident")
