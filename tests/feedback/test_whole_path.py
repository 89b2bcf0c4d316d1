"""The whole path in each of the five languages: a person writes in their language on the
page in their language → stored as written → analysed (language, sentiment, topic) → thanked
in their language → an organizer answers → the answer reaches them in their language."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from apps.feedback.models import Feedback
from apps.feedback.services import reply_create
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

CASES = [
    # page language, text, expected detection, sentiment, topic
    ("ko", "지하철역에서 행사장까지 휠체어로 가는 길이 너무 험했어요. 경사로가 없어서 "
           "결국 들어가지 못했습니다.", "ko", "negative", "inclusion"),
    ("en", "The K-pop dance workshop was the highlight of my year. The instructors were "
           "amazing and so patient!", "en", "positive", "culture"),
    ("zh-hans", "活动现场到处都是一次性塑料杯，垃圾分类也没有人引导，太不环保了。",
     "zh", "negative", "green"),
    ("ja", "ＡＩ行政サービスの展示がとても分かりやすく、未来の区役所が楽しみになりました。",
     "ja", "positive", "tech"),
    ("vi", "Ban tổ chức có tài liệu bằng tiếng Việt và phiên dịch viên rất nhiệt tình, "
           "người mới sang như tôi hiểu hết. Cảm ơn nhiều!", "vi", "positive", "inclusion"),
]


@pytest.mark.parametrize(("lang", "text", "language", "sentiment", "axis"), CASES,
                         ids=[case[0] for case in CASES])
def test_the_whole_path(client, django_capture_on_commit_callbacks, lang, text, language,
                        sentiment, axis):
    event = EventFactory()
    author = UserFactory(preferred_language=lang)
    client.force_login(author)
    with translation.override(lang):
        new_url = reverse("feedback:new")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(new_url, {"event": event.pk, "body": text,
                                         "privacy_consent": "on", "website": ""})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.body == text
    assert (feedback.language, feedback.sentiment, feedback.axis) == (language, sentiment,
                                                                      axis)
    assert (feedback.sentiment_score > 0) == (sentiment == "positive")

    with translation.override(lang):
        thanks = gettext("We have received your feedback")
        answered = gettext("The organizers have answered your feedback:")
    assert thanks != "We have received your feedback" or lang == "en"
    [received] = mail.outbox
    assert received.subject == thanks
    assert text[:40] in received.body
    assert f"/{lang}/feedback/mine/{feedback.pk}/" in received.body

    organizer = UserFactory(is_staff=True, preferred_language="ko")
    with translation.override("ko"), django_capture_on_commit_callbacks(execute=True):
        reply_create(feedback=feedback, author=organizer, body="Thank you / 감사합니다")
    answer = mail.outbox[1]
    assert answered in answer.body and "Thank you / 감사합니다" in answer.body
    assert f'<html lang="{lang}">' in answer.alternatives[0][0]


def test_an_anonymous_author_gets_the_answer_by_email_in_the_page_language(
    client, django_capture_on_commit_callbacks,
):
    with translation.override("ja"):
        new_url = reverse("feedback:new")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(new_url, {"body": "受付の案内がとても親切でした。", "email": "mei@example.org",
                              "privacy_consent": "on", "website": ""})
    feedback = Feedback.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        reply_create(feedback=feedback, author=None, body="ありがとうございました。")
    answer = mail.outbox[-1]
    assert answer.to == ["mei@example.org"]
    assert "ありがとうございました。" in answer.body
    with translation.override("ja"):
        assert gettext("Hello,") in answer.body
    assert "/feedback/mine/" not in answer.body  # no account, so no link to log in to
