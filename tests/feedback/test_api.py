"""/api/v1/feedback/: anonymous submission (throttled), the caller's own feedback, and the
public list with its filters; errors in the one API error format."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from apps.feedback.models import Feedback
from apps.feedback.services import feedback_approve_public
from tests.factories import EventFactory, UserFactory
from tests.feedback.factories import FeedbackFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/feedback/"


def api(user=None, language="en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_post_is_accepted_and_analysed(django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(language="vi").post(URL, {
            "body": "Gian hàng ẩm thực Việt Nam rất ngon, cảm ơn ban tổ chức!",
            "event": event.slug, "email": "lan@example.org", "public": True,
            "privacy_consent": True,
        }, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["event"] == event.slug and data["status"] == "received"
    assert data["shown_publicly"] is False
    feedback = Feedback.objects.get(pk=data["id"])
    assert (feedback.ui_language, feedback.email, feedback.language) == (
        "vi", "lan@example.org", "vi")


def test_a_logged_in_post_belongs_to_the_caller():
    me = UserFactory()
    response = api(me).post(URL, {"body": "Great forum on AI in city halls.",
                                  "privacy_consent": True}, format="json")
    assert response.status_code == 201
    assert Feedback.objects.get().user == me


def test_missing_consent_is_a_400_in_the_error_format():
    response = api(language="ko").post(URL, {"body": "좋은 행사였습니다.",
                                             "privacy_consent": False}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_feedback" and "privacy_consent" in error["fields"]
    assert not Feedback.objects.exists()


def test_an_unknown_event_is_a_field_error():
    response = api().post(URL, {"body": "Nice.", "event": "no-such-event",
                                "privacy_consent": True}, format="json")
    assert response.status_code == 400
    assert "event" in response.json()["error"]["fields"]


@override_settings(FEEDBACK_RATE_PER_IP="2/m")
def test_the_api_shares_the_forms_rate_limit():
    client = api()
    for _ in range(2):
        assert client.post(URL, {"body": "Thanks for the event!", "privacy_consent": True},
                           format="json").status_code == 201
    response = client.post(URL, {"body": "Thanks for the event!", "privacy_consent": True},
                           format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_submissions"
    assert Feedback.objects.count() == 2


def test_reading_needs_an_account_and_shows_only_mine():
    assert api().get(URL).status_code == 401
    me = UserFactory()
    mine = FeedbackFactory(user=me)
    theirs = FeedbackFactory(user=UserFactory())
    data = api(me).get(URL).json()
    assert [item["id"] for item in data["results"]] == [mine.pk]
    assert api(me).get(f"{URL}{theirs.pk}/").status_code == 404


def test_public_list_is_anonymous_and_filtered():
    event = EventFactory()
    rows = [FeedbackFactory(public=True, event=event, axis="green", language="vi"),
            FeedbackFactory(public=True, axis="tech", language="en"),
            FeedbackFactory(public=False)]
    feedback_approve_public(feedbacks=rows)
    data = api().get(f"{URL}public/").json()
    assert {item["id"] for item in data["results"]} == {rows[0].pk, rows[1].pk}
    assert "sentiment" not in data["results"][0] and "email" not in data["results"][0]
    by_event = api().get(f"{URL}public/?event={event.slug}").json()["results"]
    assert [item["id"] for item in by_event] == [rows[0].pk]
    by_axis = api().get(f"{URL}public/?axis=tech").json()["results"]
    assert [item["id"] for item in by_axis] == [rows[1].pk]
    by_language = api().get(f"{URL}public/?language=vi").json()["results"]
    assert [item["id"] for item in by_language] == [rows[0].pk]
