"""The feedback workflow through its services: stored as written, analysed after the commit
(eagerly here), a failed analysis never loses the row, replies tell the author."""

from __future__ import annotations

import pytest
from django.utils import translation

from apps.feedback import analysis, services
from apps.feedback.exceptions import FeedbackHidden, InvalidFeedback
from apps.feedback.models import Feedback, Reply
from apps.notifications.models import Notification
from tests.factories import EventFactory, UserFactory
from tests.feedback.factories import FeedbackFactory

pytestmark = pytest.mark.django_db(transaction=True)


def submit(**kwargs) -> Feedback:
    defaults = {"body": "The K-POP stage was wonderful, thank you!", "consent": True,
                "ui_language": "en"}
    return services.feedback_submit(**{**defaults, **kwargs})


def test_the_text_is_stored_exactly_as_written_and_analysed():
    body = "  회의장 Wi-Fi가 자꾸 끊겨서\n\n라이브 스트리밍을 볼 수 없었어요.  "
    feedback = submit(body=body, ui_language="ko")
    feedback.refresh_from_db()
    assert feedback.body == body.strip()
    assert feedback.analysis_status == Feedback.Analysis.DONE
    assert feedback.language == "ko"
    assert feedback.sentiment == "negative"
    assert -1 <= feedback.sentiment_score < 0
    assert feedback.axis == "tech"
    assert feedback.model_version == analysis.MODEL_VERSION
    assert feedback.analysis_attempts == 1


def test_an_account_is_thanked_in_its_preferred_language():
    author = UserFactory(preferred_language="vi")
    feedback = submit(user=author, ui_language="en", email="ignored@example.org")
    row = Notification.objects.get(kind="feedback.received")
    assert (row.recipient, row.address, row.language) == (author, author.email, "vi")
    assert feedback.email == ""  # the account's own address is used


def test_anonymous_with_an_email_is_thanked_in_the_page_language():
    submit(email="guest@example.org", ui_language="ja")
    row = Notification.objects.get(kind="feedback.received")
    assert (row.recipient, row.address, row.language) == (None, "guest@example.org", "ja")


def test_anonymous_without_an_email_gets_no_message():
    submit()
    assert Feedback.objects.count() == 1
    assert not Notification.objects.exists()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"body": "ok"}, "body"),
    ({"body": "x" * 4001}, "body"),
    ({"email": "not-an-address"}, "email"),
    ({"consent": False}, "privacy_consent"),
])
def test_invalid_feedback_is_refused_with_a_message_per_field_and_nothing_is_written(kwargs,
                                                                                     field):
    with translation.override("ko"), pytest.raises(InvalidFeedback) as error:
        submit(**kwargs)
    assert set(error.value.errors) == {field}
    assert str(error.value.errors[field])  # a sentence, not a code
    assert not Feedback.objects.exists() and not Notification.objects.exists()


def test_a_draft_event_does_not_take_feedback():
    with pytest.raises(InvalidFeedback) as error:
        submit(event=EventFactory(status="draft"))
    assert "event" in error.value.errors


def test_a_failed_analysis_keeps_the_feedback_and_marks_it_for_retry(monkeypatch):
    def broken(texts):
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(analysis, "analyze_texts", broken)
    feedback = submit(body="Thank you for the multilingual guides!", email="a@example.org")
    feedback.refresh_from_db()
    assert feedback.body == "Thank you for the multilingual guides!"
    assert feedback.analysis_status == Feedback.Analysis.FAILED
    assert "model file unreadable" in feedback.analysis_error
    assert feedback.analysis_attempts >= 1
    assert Notification.objects.filter(kind="feedback.received").count() == 1

    monkeypatch.undo()
    Feedback.objects.filter(pk=feedback.pk).update(updated_at=feedback.updated_at.replace(
        year=2020))
    assert services.feedback_requeue_unanalysed() == 1
    feedback.refresh_from_db()
    assert feedback.analysis_status == Feedback.Analysis.DONE
    assert feedback.analysis_error == ""


def test_rows_that_failed_too_often_wait_for_a_person():
    FeedbackFactory(analysis_status=Feedback.Analysis.FAILED,
                    analysis_attempts=services.MAX_ANALYSIS_ATTEMPTS)
    Feedback.objects.update(updated_at=Feedback.objects.get().updated_at.replace(year=2020))
    assert services.feedback_requeue_unanalysed() == 0


def test_the_authors_language_correction_survives_reanalysis():
    author = UserFactory()
    feedback = submit(user=author, body="Salamat po sa masayang kaganapan!")
    services.feedback_set_language(feedback=feedback, user=author, language="tl")
    services.feedback_analyze(feedback_ids=[feedback.pk])
    feedback.refresh_from_db()
    assert (feedback.language, feedback.language_set_by_author) == ("tl", True)


def test_only_the_author_may_correct_the_language():
    from apps.core.exceptions import NotAllowed

    feedback = submit(user=UserFactory())
    with pytest.raises(NotAllowed):
        services.feedback_set_language(feedback=feedback, user=UserFactory(), language="en")
    with pytest.raises(InvalidFeedback):
        services.feedback_set_language(feedback=feedback, user=feedback.user, language="xx")


def test_a_reply_answers_the_feedback_and_tells_the_author_once_per_reply():
    author = UserFactory(preferred_language="ja")
    organizer = UserFactory(is_staff=True)
    feedback = FeedbackFactory(user=author)
    first = services.reply_create(feedback=feedback, author=organizer,
                                  body="ありがとうございます。")
    feedback.refresh_from_db()
    answered_at = feedback.answered_at
    assert feedback.status == Feedback.Status.ANSWERED and answered_at is not None
    services.reply_create(feedback=feedback, author=organizer, body="追記です。")
    feedback.refresh_from_db()
    assert feedback.answered_at == answered_at  # the first answer counts for time to reply
    rows = Notification.objects.filter(kind="feedback.answered").order_by("pk")
    assert [r.context["reply_id"] for r in rows] == list(
        Reply.objects.order_by("pk").values_list("pk", flat=True))
    assert {r.language for r in rows} == {"ja"}
    assert rows[0].context["reply_id"] == first.pk


def test_hidden_feedback_cannot_be_answered():
    feedback = FeedbackFactory(status=Feedback.Status.HIDDEN)
    with pytest.raises(FeedbackHidden):
        services.reply_create(feedback=feedback, author=None, body="Hello")
    assert not Reply.objects.exists()


def test_an_empty_reply_is_refused():
    with pytest.raises(InvalidFeedback):
        services.reply_create(feedback=FeedbackFactory(), author=None, body="   ")


def test_status_moves_follow_the_allowed_transitions():
    received = FeedbackFactory()
    answered = FeedbackFactory(status=Feedback.Status.ANSWERED)
    changed = services.feedback_set_status(feedbacks=[received, answered],
                                           status=Feedback.Status.IN_REVIEW)
    assert changed == 1
    received.refresh_from_db()
    answered.refresh_from_db()
    assert received.status == "in_review" and answered.status == "answered"
    assert services.feedback_set_status(feedbacks=[answered], status="closed") == 1


def test_hiding_withdraws_from_the_public_page():
    feedback = FeedbackFactory(public=True)
    services.feedback_approve_public(feedbacks=[feedback])
    assert Feedback.objects.public().count() == 1
    services.feedback_set_status(feedbacks=[feedback], status=Feedback.Status.HIDDEN)
    assert Feedback.objects.public().count() == 0


def test_only_feedback_its_author_allowed_can_be_made_public():
    private, public = FeedbackFactory(public=False), FeedbackFactory(public=True)
    assert services.feedback_approve_public(feedbacks=[private, public]) == 1
    assert list(Feedback.objects.public()) == [public]
