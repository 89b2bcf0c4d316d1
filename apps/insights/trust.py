"""The trust index: one documented figure in [0, 1] from four components (docs/trust-index.md).

    satisfaction    = (mean sentiment score + 1) / 2           feedback of the period
    responsiveness  = answered within the reply target / feedback of the period
    reliability     = attendance rate of confirmed registrants (events that have ended)
    retention       = returning participants / participants

    trust index     = sum(weight_c * component_c) / sum(weight_c), over available components

Weights come from settings.TRUST_INDEX_WEIGHTS. The index is not given (None) when the sample
is too small (fewer than TRUST_INDEX_MIN_PARTICIPANTS participants or TRUST_INDEX_MIN_FEEDBACK
feedback) or when fewer than two components can be computed: a number from a handful of people
would say more about chance than about trust. It is computed from a summary's figures alone,
so the dashboard never reads raw rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings

COMPONENTS = ("satisfaction", "responsiveness", "reliability", "retention")


@dataclass(frozen=True)
class TrustIndex:
    value: float | None
    components: dict[str, float | None]
    weights: dict[str, float]
    participants: int
    feedback: int
    reason: str = ""  # why there is no value: "sample" or "components"

    @property
    def meets_target(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= settings.TRUST_INDEX_TARGET


def _ratio(part: Any, whole: Any) -> float | None:
    if not whole or part is None:
        return None
    return max(0.0, min(1.0, part / whole))


def components_from(figures: dict[str, Any]) -> dict[str, float | None]:
    feedback = figures.get("feedback") or {}
    mean = feedback.get("mean_sentiment_score")
    return {
        "satisfaction": None if mean is None else max(0.0, min(1.0, (mean + 1) / 2)),
        "responsiveness": _ratio(feedback.get("answered_within_target"),
                                 feedback.get("total")),
        "reliability": figures.get("attendance_rate"),
        "retention": _ratio(figures.get("returning_participants"),
                            figures.get("participants")),
    }


def trust_index(figures: dict[str, Any], *, weights: dict[str, float] | None = None
                ) -> TrustIndex:
    weights = dict(weights or settings.TRUST_INDEX_WEIGHTS)
    components = components_from(figures)
    participants = int(figures.get("participants") or 0)
    feedback = int((figures.get("feedback") or {}).get("total") or 0)
    result = {"components": components, "weights": weights, "participants": participants,
              "feedback": feedback}
    if (participants < settings.TRUST_INDEX_MIN_PARTICIPANTS
            or feedback < settings.TRUST_INDEX_MIN_FEEDBACK):
        return TrustIndex(value=None, reason="sample", **result)
    available = {name: value for name, value in components.items()
                 if value is not None and weights.get(name, 0) > 0}
    if len(available) < 2:
        return TrustIndex(value=None, reason="components", **result)
    total_weight = sum(weights[name] for name in available)
    value = sum(weights[name] * value for name, value in available.items()) / total_weight
    return TrustIndex(value=round(value, 4), **result)
