"""The trust index against hand-computed examples (docs/trust-index.md)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from apps.insights.trust import trust_index

WEIGHTS = {"satisfaction": 0.35, "responsiveness": 0.25, "reliability": 0.25,
           "retention": 0.15}


def figures(**overrides):
    base = {
        "participants": 200, "returning_participants": 50, "attendance_rate": 0.9,
        "feedback": {"total": 40, "mean_sentiment_score": 0.6, "answered_within_target": 30},
    }
    base.update(overrides)
    return base


@override_settings(TRUST_INDEX_WEIGHTS=WEIGHTS, TRUST_INDEX_MIN_PARTICIPANTS=30,
                   TRUST_INDEX_MIN_FEEDBACK=10, TRUST_INDEX_TARGET=0.9)
def test_hand_computed_example():
    # satisfaction (0.6 + 1) / 2 = 0.8; responsiveness 30 / 40 = 0.75; reliability 0.9;
    # retention 50 / 200 = 0.25.
    # 0.35*0.8 + 0.25*0.75 + 0.25*0.9 + 0.15*0.25 = 0.28 + 0.1875 + 0.225 + 0.0375 = 0.73
    result = trust_index(figures())
    assert result.components == {"satisfaction": 0.8, "responsiveness": 0.75,
                                 "reliability": 0.9, "retention": 0.25}
    assert result.value == pytest.approx(0.73)
    assert result.meets_target is False


@override_settings(TRUST_INDEX_WEIGHTS=WEIGHTS, TRUST_INDEX_MIN_PARTICIPANTS=30,
                   TRUST_INDEX_MIN_FEEDBACK=10)
def test_a_missing_component_is_left_out_and_the_weights_renormalised():
    # No event has ended yet: no reliability. (0.28 + 0.1875 + 0.0375) / 0.75 = 0.67333
    result = trust_index(figures(attendance_rate=None))
    assert result.components["reliability"] is None
    assert result.value == pytest.approx(0.6733, abs=1e-4)


@override_settings(TRUST_INDEX_MIN_PARTICIPANTS=30, TRUST_INDEX_MIN_FEEDBACK=10)
@pytest.mark.parametrize("overrides", [
    {"participants": 29},
    {"feedback": {"total": 9, "mean_sentiment_score": 0.9, "answered_within_target": 9}},
])
def test_not_given_when_the_sample_is_too_small(overrides):
    result = trust_index(figures(**overrides))
    assert result.value is None and result.reason == "sample"
    assert result.meets_target is None


@override_settings(TRUST_INDEX_MIN_PARTICIPANTS=1, TRUST_INDEX_MIN_FEEDBACK=1)
def test_not_given_from_a_single_component():
    result = trust_index({"participants": 5, "returning_participants": 1,
                          "attendance_rate": None,
                          "feedback": {"total": 3, "mean_sentiment_score": None,
                                       "answered_within_target": None}})
    assert result.value is None and result.reason == "components"


@override_settings(TRUST_INDEX_MIN_PARTICIPANTS=30, TRUST_INDEX_MIN_FEEDBACK=10,
                   TRUST_INDEX_TARGET=0.9)
def test_weights_from_settings_decide():
    only_satisfaction = {"satisfaction": 1.0, "responsiveness": 0.0, "reliability": 1.0,
                         "retention": 0.0}
    result = trust_index(figures(feedback={"total": 40, "mean_sentiment_score": 0.9,
                                           "answered_within_target": 0}),
                         weights=only_satisfaction)
    # (0.95 + 0.9) / 2 = 0.925
    assert result.value == pytest.approx(0.925) and result.meets_target is True
