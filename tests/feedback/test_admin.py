"""The organizers' triage in the admin: one test per permission rule, then the actions, the
reply form (through the service, so the author is told) and the optional machine translation."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from apps.feedback.models import Feedback, Reply
from apps.notifications.models import Notification
from tests.events.factories_admin import EventFactory, make_organizer
from tests.factories import UserFactory
from tests.feedback.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def changelist() -> str:
    return reverse("admin:feedback_feedback_changelist")


def change(feedback: Feedback) -> str:
    return reverse("admin:feedback_feedback_change", args=[feedback.pk])


@pytest.fixture
def organizer():
    return make_organizer()


@pytest.fixture
def world(organizer):
    mine = EventFactory(organizers=[organizer])
    others = EventFactory(organizers=[make_organizer()])
    return {
        "mine": FeedbackFactory(event=mine, body="About my event"),
        "general": FeedbackFactory(event=None, body="General remark"),
        "others": FeedbackFactory(event=others, body="About their event"),
    }


def test_an_organizer_sees_their_events_and_general_feedback_only(client, organizer, world):
    client.force_login(organizer)
    shown = set(client.get(changelist()).context["cl"].result_list)
    assert shown == {world["mine"], world["general"]}


def test_an_organizer_cannot_open_another_organizers_feedback(client, organizer, world):
    client.force_login(organizer)
    assert client.get(change(world["mine"])).status_code == 200
    assert client.get(change(world["others"])).status_code in (302, 403, 404)


def test_a_superuser_sees_all(client, world):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(changelist()).context["cl"].result_count == 3


def test_a_staff_user_without_the_role_sees_nothing(client, world):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(changelist()).status_code == 403


def test_nobody_adds_or_deletes_feedback_here(client, organizer, world):
    client.force_login(organizer)
    assert client.get(reverse("admin:feedback_feedback_add")).status_code == 403
    assert client.get(reverse("admin:feedback_feedback_delete",
                              args=[world["mine"].pk])).status_code == 403


def test_the_original_text_is_shown_with_its_language(client, organizer, world):
    client.force_login(organizer)
    html = client.get(change(world["mine"])).content.decode()
    assert '<div lang="ko" class="feedback-original"><p>About my event</p></div>' in html
    assert "Machine translation is off" in html


@pytest.mark.parametrize(("action", "status"), [
    ("mark_in_review", "in_review"), ("close", "closed"), ("hide_as_spam", "hidden"),
])
def test_status_actions(client, organizer, world, action, status):
    client.force_login(organizer)
    client.post(changelist(), {"action": action,
                               "_selected_action": [world["mine"].pk, world["others"].pk]})
    world["mine"].refresh_from_db()
    world["others"].refresh_from_db()
    assert world["mine"].status == status
    assert world["others"].status == "received"  # not theirs: untouched


def test_approving_for_the_public_page(client, organizer, world):
    Feedback.objects.filter(pk=world["mine"].pk).update(public=True)
    client.force_login(organizer)
    client.post(changelist(), {"action": "approve_public",
                               "_selected_action": [world["mine"].pk, world["general"].pk]})
    assert list(Feedback.objects.public()) == [world["mine"]]


def test_a_reply_from_the_change_page_goes_through_the_service(client, organizer, world):
    author = UserFactory(preferred_language="vi")
    Feedback.objects.filter(pk=world["mine"].pk).update(user=author)
    client.force_login(organizer)
    response = client.post(change(world["mine"]), {
        "replies-TOTAL_FORMS": "1", "replies-INITIAL_FORMS": "0",
        "replies-MIN_NUM_FORMS": "0", "replies-MAX_NUM_FORMS": "1000",
        "replies-0-body": "Cảm ơn bạn, chúng tôi sẽ cải thiện.", "replies-0-id": "",
        "replies-0-feedback": str(world["mine"].pk), "_continue": "1",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    reply = Reply.objects.get()
    assert (reply.author, reply.feedback) == (organizer, world["mine"])
    world["mine"].refresh_from_db()
    assert world["mine"].status == "answered"
    note = Notification.objects.get(kind="feedback.answered")
    assert (note.recipient, note.language) == (author, "vi")


def test_csv_export_opens_in_excel(client, organizer, world):
    client.force_login(organizer)
    response = client.post(changelist(), {"action": "export_csv",
                                          "_selected_action": [world["mine"].pk]})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    assert "About my event" in body and "About their event" not in body


def test_filters_by_language_sentiment_axis_and_status(client, organizer, world):
    FeedbackFactory(event=None, language="vi", sentiment="negative", axis="green",
                    body="Rác thải nhựa quá nhiều")
    client.force_login(organizer)
    result = client.get(changelist() + "?language=vi&sentiment=negative&axis=green"
                                       "&status=received").context["cl"].result_list
    assert [f.body for f in result] == ["Rác thải nhựa quá nhiều"]


class _FakeLibreTranslate(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(payload)
        body = json.dumps({"translatedText": f"[{payload['target']}] translated"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def translation_server():
    server = HTTPServer(("127.0.0.1", 0), _FakeLibreTranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeLibreTranslate.received = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_machine_translation_when_a_server_is_configured(client, organizer, world,
                                                          translation_server):
    client.force_login(organizer)
    with override_settings(TRANSLATION_URL=translation_server):
        html = client.get(change(world["mine"])).content.decode()
    assert "[en] translated" in html
    assert _FakeLibreTranslate.received == [
        {"q": "About my event", "source": "ko", "target": "en", "format": "text"}]


def test_a_translation_server_that_is_down_leaves_the_original(client, organizer, world):
    client.force_login(organizer)
    with override_settings(TRANSLATION_URL="http://127.0.0.1:9", TRANSLATION_TIMEOUT=1):
        response = client.get(change(world["mine"]))
    assert response.status_code == 200
    assert "About my event" in response.content.decode()
    assert "did not answer" in response.content.decode()
