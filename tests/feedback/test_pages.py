"""The public feedback pages: the form (spam defences, refusals that keep the text), the
author's own pages and the public list."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from apps.feedback.models import Feedback
from tests.factories import EventFactory, UserFactory
from tests.feedback.factories import FeedbackFactory

pytestmark = pytest.mark.django_db

LANGS = ("ko", "en", "zh-hans", "ja", "vi")


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"feedback:{name}", kwargs=kwargs or None)


def form_data(**overrides) -> dict:
    return {"body": "The volunteers at COEX were very kind. Thank you!", "email": "",
            "privacy_consent": "on", "website": "", **overrides}


@pytest.mark.parametrize("lang", LANGS)
def test_the_form_opens_in_every_language_and_is_linked_from_the_header(client, lang):
    response = client.get(url("new", lang))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == lang
    assert f'href="{url("new", lang)}"' in response.content.decode()


def test_an_event_link_preselects_the_event(client):
    event = EventFactory()
    response = client.get(url("new") + f"?event={event.slug}")
    assert response.context["form"].initial["event"] == event


def test_anonymous_feedback_is_accepted(client):
    event = EventFactory()
    response = client.post(url("new", "ja"), form_data(event=event.pk, public="on",
                                                        email="guest@example.org"))
    assert response.status_code == 302 and response.url == url("thanks", "ja")
    feedback = Feedback.objects.get()
    assert (feedback.user, feedback.event, feedback.public) == (None, event, True)
    assert (feedback.email, feedback.ui_language) == ("guest@example.org", "ja")
    assert feedback.approved_at is None  # public only after moderation


def test_a_logged_in_author_is_taken_to_their_feedback(client):
    author = UserFactory()
    client.force_login(author)
    page = client.get(url("new"))
    assert "email" not in page.context["form"].fields
    response = client.post(url("new"), form_data())
    feedback = Feedback.objects.get()
    assert feedback.user == author
    assert response.url == url("mine_detail", pk=feedback.pk)


def test_the_honeypot_refuses_and_keeps_the_text(client):
    text = "이 글은 봇이 쓴 것처럼 보입니다."
    response = client.post(url("new", "ko"), form_data(body=text, website="http://spam.example"))
    assert response.status_code == 400
    assert not Feedback.objects.exists()
    html = response.content.decode()
    assert text in html
    with translation.override("ko"):
        from django.utils.translation import gettext
        expected = gettext("Your feedback was not sent because it looked automated. "
                           "Please check it and send it again.")
    assert expected in html and expected.isascii() is False
    # The trap is emptied, so a person whose browser filled it in can simply send again.
    assert 'value="http://spam.example"' not in html


@override_settings(FEEDBACK_RATE_PER_IP="2/m")
def test_the_per_ip_limit_refuses_politely_and_keeps_the_text(client):
    for _ in range(2):
        assert client.post(url("new"), form_data()).status_code == 302
    text = "Une troisième remarque, toujours polie."
    response = client.post(url("new", "vi"), form_data(body=text))
    assert response.status_code == 429
    assert Feedback.objects.count() == 2
    html = response.content.decode()
    assert text in html
    with translation.override("vi"):
        from django.utils.translation import gettext
        assert gettext("You have sent a lot of feedback in a short time. Please wait a few "
                       "minutes and try again; what you wrote is still here.") in html


@override_settings(FEEDBACK_RATE_PER_IP="100/m", FEEDBACK_RATE_PER_USER="1/m")
def test_the_per_account_limit_applies_to_logged_in_authors(client):
    client.force_login(UserFactory())
    assert client.post(url("new"), form_data()).status_code == 302
    assert client.post(url("new"), form_data()).status_code == 429
    client.force_login(UserFactory())  # another account on the same address may still write
    assert client.post(url("new"), form_data()).status_code == 302


def test_a_field_error_is_shown_in_the_page_language_and_keeps_the_text(client):
    response = client.post(url("new", "zh-hans"), form_data(body="好", privacy_consent=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "好</textarea>" in html
    with translation.override("zh-hans"):
        from django.utils.translation import gettext
        assert gettext("Please agree to the privacy notice to send feedback.") in html
    assert not Feedback.objects.exists()


def test_my_feedback_lists_only_mine_and_hides_others_details(client):
    me, other = UserFactory(), UserFactory()
    mine = FeedbackFactory(user=me, body="Mine: the captions helped a lot.")
    theirs = FeedbackFactory(user=other, body="Theirs: not for your eyes.")
    client.force_login(me)
    html = client.get(url("mine")).content.decode()
    assert "Mine: the captions helped a lot." in html and "Theirs" not in html
    assert client.get(url("mine_detail", pk=mine.pk)).status_code == 200
    assert client.get(url("mine_detail", pk=theirs.pk)).status_code == 404


def test_my_feedback_needs_a_login(client):
    response = client.get(url("mine"))
    assert response.status_code == 302 and "login" in response.url


def test_the_author_can_correct_the_detected_language(client):
    me = UserFactory()
    feedback = FeedbackFactory(user=me, language="ms", body="Terima kasih banyak!")
    client.force_login(me)
    response = client.post(url("set_language", pk=feedback.pk), {"language": "id"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.language, feedback.language_set_by_author) == ("id", True)
    assert client.post(url("set_language", pk=feedback.pk),
                       {"language": "klingon"}).status_code == 400


def test_the_reply_is_shown_to_the_author(client):
    from apps.feedback.services import reply_create

    me = UserFactory()
    feedback = FeedbackFactory(user=me)
    reply_create(feedback=feedback, author=None, body="We will add more seats next year.")
    client.force_login(me)
    html = client.get(url("mine_detail", pk=feedback.pk)).content.decode()
    assert "We will add more seats next year." in html


def test_the_public_page_shows_only_approved_public_feedback(client):
    from apps.feedback.services import feedback_approve_public

    shown = FeedbackFactory(public=True, body="Shown: great festival.")
    FeedbackFactory(public=True, body="Waiting: not approved yet.")
    FeedbackFactory(public=False, body="Private: author said no.")
    hidden = FeedbackFactory(public=True, body="Spam: buy now.")
    feedback_approve_public(feedbacks=[shown, hidden])
    Feedback.objects.filter(pk=hidden.pk).update(status=Feedback.Status.HIDDEN)
    html = client.get(url("public")).content.decode()
    assert "Shown: great festival." in html
    for absent in ("Waiting", "Private", "Spam"):
        assert absent not in html
    assert 'lang="ko"' in html  # the text is marked with its own language


def test_the_public_page_filters_by_event_and_axis(client, django_assert_max_num_queries):
    from apps.feedback.services import feedback_approve_public

    event, other = EventFactory(), EventFactory()
    rows = [FeedbackFactory(public=True, event=event, axis="green", body="Event green"),
            FeedbackFactory(public=True, event=event, axis="tech", body="Event tech"),
            FeedbackFactory(public=True, event=other, axis="green", body="Other green")]
    rows += FeedbackFactory.create_batch(25, public=True)
    feedback_approve_public(feedbacks=rows)
    html = client.get(url("public") + f"?event={event.slug}&axis=green").content.decode()
    assert "Event green" in html and "Event tech" not in html and "Other green" not in html
    with django_assert_max_num_queries(8):
        response = client.get(url("public"))
    assert len(response.context["items"]) == 20  # paginated
    assert client.get(url("public") + "?page=2").status_code == 200


def test_the_public_page_has_a_helpful_empty_state(client):
    html = client.get(url("public", "ko")).content.decode()
    assert url("new", "ko") in html


def test_the_language_list_is_the_detectors():
    from apps.feedback.analysis.language import SUPPORTED_LANGUAGES
    from apps.feedback.languages import DETECTABLE_LANGUAGES

    assert set(DETECTABLE_LANGUAGES) == set(SUPPORTED_LANGUAGES)
    assert len(DETECTABLE_LANGUAGES) == len(set(DETECTABLE_LANGUAGES)) >= 20
