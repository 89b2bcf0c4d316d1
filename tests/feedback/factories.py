"""Feedback rows made directly (no analysis run), for the reading and triage tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from apps.feedback.models import Feedback


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    body = factory.Sequence(lambda n: f"행사가 좋았어요. 다음에도 참여하고 싶어요 ({n}).")
    ui_language = "ko"
    privacy_consent_at = factory.LazyFunction(timezone.now)
    language = "ko"
    sentiment = Feedback.Sentiment.POSITIVE
    sentiment_score = 0.8
    axis = "culture"
    analysis_status = Feedback.Analysis.DONE
