"""Open data: the participation figures of one calendar period for anyone, with every small
group suppressed (DESIGN.md section 7: "Public figures suppress any group of fewer than 5
people"). docs/open-data.md is the public description of what follows.

Reads summary rows only, in a fixed number of queries whatever the number of events: the
"all" and axis rows of the period and of the previous period (one query), agreements per
year and programmes per quarter (one each).

The figures are tidy records, one number each: (scope, field, group, value, suppressed,
note). The page, the CSV, the JSON download and the API all show these same records.

Suppression:
1. a count of people, registrations or feedback from 1 to 4 is hidden (note "small", shown
   "<5"); zero is shown, since it describes nobody;
2. in a breakdown whose total is known (a published total, or shares that add up to 1),
   when the hidden groups could be worked out from the total (one hidden group; or all of
   them at 1, or all at 4) the smallest shown non-zero group is hidden too (note
   "complementary", shown "x");
3. a share, rate or mean is hidden when its denominator is under 5 (or unknown), or when
   its numerator is a hidden count: share x published denominator would give it back;
4. the trust index follows its own minimum sample (docs/trust-index.md); its components
   are published together or not at all, since the index and the weights give back any
   single hidden component.
Figures about agreements and events (not people) are never hidden.

Which periods are public (decision 20): calendar quarters only, each once it is over and its
summaries were computed after its end. Suppression works within one table; two tables that
overlap defeat it. A year and its quarters, or a quarter and its months, published side by
side would give a hidden small group by subtraction; so would yesterday's and today's
figures of a period still running. Quarters never contain one another, and a closed quarter
is published once, in its final figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.events.models import Axis, Registration
from apps.feedback.models import Feedback, FeedbackAxis

from .dashboard import agreements_per_year, programmes_per_quarter
from .models import ParticipationSummary
from .periods import Period, period_from_bounds
from .trust import COMPONENTS, trust_index

THRESHOLD = 5
PUBLISHED_KIND = "quarter"
LICENCE = "Korea Open Government License type 1 (KOGL-1)"

SMALL = "small"
COMPLEMENTARY = "complementary"
NOT_ENOUGH_DATA = "not_enough_data"
NOT_AVAILABLE = "not_available"
HIDDEN = (SMALL, COMPLEMENTARY)

ALL = "all"
AXES = list(Axis.values)
STATUSES = list(Registration.Status.values)
SENTIMENTS = list(Feedback.Sentiment.values)
FEEDBACK_AXES = list(FeedbackAxis.values)
UNKNOWN = "unknown"  # a blank resident type or country


class NoOpenData(Exception):
    """The period is not published: not a quarter, not over, or no final summaries (yet)."""


def is_published(period: Period, *, computed_at) -> bool:
    """A quarter whose summaries were computed on or after the day after it ended."""
    return (period.kind == PUBLISHED_KIND
            and timezone.localdate(computed_at) >= period.end)


def is_final(period: Period) -> bool:
    """Whether `period` is published: a quarter over, computed whole (one query)."""
    computed_at = (ParticipationSummary.objects
                   .filter(scope_key=ALL, period_start=period.start, period_end=period.end)
                   .values_list("computed_at", flat=True).first())
    return computed_at is not None and is_published(period, computed_at=computed_at)


def published_periods() -> list[Period]:
    """The periods open data shows, newest first (one query)."""
    rows = (ParticipationSummary.objects
            .filter(scope_key=ALL, period_end__lte=timezone.localdate())
            .values_list("period_start", "period_end", "computed_at"))
    periods = {period for start, end, computed_at in rows
               if (period := period_from_bounds(start, end)) is not None
               and is_published(period, computed_at=computed_at)}
    return sorted(periods, key=lambda p: p.start, reverse=True)


# --- The rule -------------------------------------------------------------------------------

def is_small(n: int | None) -> bool:
    return n is not None and 0 < n < THRESHOLD


def suppressed_groups(counts: Mapping[str, int], *, total_known: bool) -> dict[str, str]:
    """The groups of a breakdown to hide, each with why: SMALL or COMPLEMENTARY.

    Every group of 1 to 4 is hidden. When the total is known (published, or the groups are
    shares adding up to 1), hidden groups whose values the total would give back (a single
    one; or several all at 1 or all at 4, the only sums with one solution) take the smallest
    shown non-zero group with them. A zero cannot protect anything: "hidden" would read as
    "not zero" and give the small group back."""
    hidden = {group: SMALL for group, n in counts.items() if is_small(n)}
    if not (total_known and hidden):
        return hidden
    k, hidden_sum = len(hidden), sum(counts[group] for group in hidden)
    if k == 1 or hidden_sum in (k, (THRESHOLD - 1) * k):
        shown = sorted((n, str(group)) for group, n in counts.items()
                       if group not in hidden and n > 0)
        if shown:
            hidden[shown[0][1]] = COMPLEMENTARY
    return hidden


def ratio_note(*, base: int | None, numerator_note: str = "") -> str:
    """Rule 3: a share, rate or mean and the counts it is computed from."""
    if numerator_note:
        return numerator_note
    return SMALL if base is None or base < THRESHOLD else ""


def count_note(n: int | None) -> str:
    return SMALL if is_small(n) else ""


# --- Fields ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    name: str
    label: Any  # lazy
    meaning: Any  # lazy
    unit: str
    rule: str  # "count", "ratio", "trust" or "none"
    scopes: tuple[str, ...] = (ALL,)
    groups: Any = ""  # what the group column holds: codes, or a (lazy) description


BOTH = (ALL, "axis")
FIELDS = [
    Field("registrations", gettext_lazy("Registrations"),
          gettext_lazy("Registrations made in the period, whatever their status now."),
          "registrations", "count", BOTH),
    Field("registration_share", gettext_lazy("Share of registrations"),
          gettext_lazy("Share of the period's registrations made for this axis's events."),
          "share", "ratio", ("axis",)),
    Field("registrations_by_status", gettext_lazy("Registrations by status"),
          gettext_lazy("Registrations made in the period, by their status now."),
          "registrations", "count",
          groups="confirmed, waitlisted, cancelled, attended"),
    Field("registrations_by_resident_type", gettext_lazy("Registrations by resident type"),
          gettext_lazy("Registrations made in the period, by the resident type the person "
                       "gave when registering."),
          "registrations", "count",
          groups="citizen, foreign_resident, visitor, organization, unknown"),
    Field("registrations_by_language", gettext_lazy("Registrations by language"),
          gettext_lazy("Registrations made in the period, by the language chosen for "
                       "messages."),
          "registrations", "count", groups="ko, en, zh-hans, ja, vi"),
    Field("registrations_by_country", gettext_lazy("Registrations by country"),
          gettext_lazy("Registrations made in the period, by the country the person gave."),
          "registrations", "count",
          groups=gettext_lazy("ISO 3166-1 alpha-2 country code, or unknown")),
    Field("participants", gettext_lazy("Participants"),
          gettext_lazy("Different people who registered in the period."),
          "people", "count", BOTH),
    Field("attendance_rate", gettext_lazy("Attendance rate"),
          gettext_lazy("Attended seats among confirmed and attended seats, for the period's "
                       "registrations to events that have ended."),
          "share", "ratio", BOTH),
    Field("waitlist_length", gettext_lazy("Waiting list"),
          gettext_lazy("People on a waiting list when the figures were computed."),
          "people", "count", BOTH),
    Field("cancellations", gettext_lazy("Cancellations"),
          gettext_lazy("Registrations cancelled during the period."),
          "registrations", "count", BOTH),
    Field("feedback", gettext_lazy("Feedback"),
          gettext_lazy("Feedback written in the period, spam left out."),
          "feedback", "count", BOTH),
    Field("feedback_sentiment_share", gettext_lazy("Feedback by tone"),
          gettext_lazy("Share of the analysed feedback with each tone, as estimated by a "
                       "language model."),
          "share", "ratio", groups="positive, neutral, negative"),
    Field("mean_sentiment_score", gettext_lazy("Mean sentiment score"),
          gettext_lazy("Mean tone of the period's feedback, from -1 (negative) to 1 "
                       "(positive), as estimated by a language model."),
          "score", "ratio", BOTH),
    Field("delta_sentiment", gettext_lazy("ΔSentiment"),
          gettext_lazy("Mean sentiment score minus that of the previous quarter."),
          "score", "ratio", BOTH),
    Field("feedback_axis_share", gettext_lazy("Feedback by topic"),
          gettext_lazy("Share of the analysed feedback about each diplomacy axis, as "
                       "estimated by a language model."),
          "share", "ratio", groups="tech, culture, green, inclusion, other"),
    Field("axis_centrality", gettext_lazy("Feedback on the axis's own topic"),
          gettext_lazy("Share of this axis's analysed feedback whose topic is the axis "
                       "itself."),
          "share", "ratio", ("axis",)),
    Field("reply_rate", gettext_lazy("Reply rate"),
          gettext_lazy("Share of the period's feedback that has been answered."),
          "share", "ratio", BOTH),
    Field("median_hours_to_reply", gettext_lazy("Median time to reply (hours)"),
          gettext_lazy("Median time from a piece of feedback to its first reply, among the "
                       "answered ones."),
          "hours", "ratio", BOTH),
    Field("trust_index", gettext_lazy("Trust index"),
          gettext_lazy("The district's trust index from 0 to 1 (target 0.90): a weighted "
                       "mean of satisfaction, responsiveness, reliability and retention."),
          "index", "trust", BOTH),
    Field("trust_component", gettext_lazy("Trust index components"),
          gettext_lazy("The four components of the trust index, each from 0 to 1."),
          "index", "trust",
          groups="satisfaction, responsiveness, reliability, retention"),
    Field("agreements_signed", gettext_lazy("Exchange agreements signed"),
          gettext_lazy("Exchange agreements with partner cities signed in the period's year "
                       "and in the year before."),
          "agreements", "none", groups=gettext_lazy("year")),
    Field("agreements_change", gettext_lazy("Change in agreements signed"),
          gettext_lazy("Change in agreements signed against the year before (target: +25 %)."),
          "change", "none"),
    Field("programmes_held", gettext_lazy("Citizen-diplomacy programmes held"),
          gettext_lazy("Published events held in each quarter of the period's year, up to "
                       "today."),
          "events", "none", groups=gettext_lazy("quarter (Q1 to Q4)")),
]
FIELDS_BY_NAME = {f.name: f for f in FIELDS}

UNITS = {
    "registrations": gettext_lazy("registrations"),
    "people": gettext_lazy("people"),
    "feedback": gettext_lazy("pieces of feedback"),
    "share": gettext_lazy("share from 0 to 1"),
    "score": gettext_lazy("score from -1 to 1"),
    "hours": gettext_lazy("hours"),
    "index": gettext_lazy("index from 0 to 1"),
    "change": gettext_lazy("relative change (0.25 = +25 %)"),
    "agreements": gettext_lazy("agreements"),
    "events": gettext_lazy("events"),
}


def _rule_text(rule: str) -> str:
    if rule == "count":
        return _("Shown as “<5” when from 1 to 4. When a hidden group could be worked out "
                 "from the total, the next smallest group is hidden too (“x”). Zero is shown.")
    if rule == "ratio":
        return _("Hidden (“<5”) when computed from fewer than 5 people or pieces of feedback, "
                 "or from a hidden count.")
    if rule == "trust":
        return _("Given only from %(participants)d participants and %(feedback)d pieces of "
                 "feedback (“not enough data” otherwise). The components are published "
                 "together or not at all, and not when one of them rests on fewer than 5.") % {
            "participants": settings.TRUST_INDEX_MIN_PARTICIPANTS,
            "feedback": settings.TRUST_INDEX_MIN_FEEDBACK}
    return _("Not about people: never hidden.")


def data_dictionary() -> list[dict[str, Any]]:
    """Every published field, in the active language."""
    return [{
        "field": f.name,
        "label": str(f.label),
        "meaning": str(f.meaning),
        "unit": f.unit,
        "unit_label": str(UNITS[f.unit]),
        "groups": str(f.groups),
        "scopes": ["all", *AXES] if "axis" in f.scopes else list(f.scopes),
        "suppression": _rule_text(f.rule),
    } for f in FIELDS]


# --- Records --------------------------------------------------------------------------------

class _Records:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, scope: str, field: str, value: Any, note: str = "", group: str = "") -> None:
        if note == NOT_ENOUGH_DATA:
            value = None
        elif value is None:
            note = NOT_AVAILABLE  # nothing to compute is no disclosure
        elif note in HIDDEN:
            value = None
        self.items.append({"scope": scope, "field": field, "group": group, "value": value,
                           "suppressed": note in HIDDEN, "note": note})


def _registrations(figures: dict[str, Any]) -> dict[str, Any]:
    return figures.get("registrations") or {}


def _feedback(figures: dict[str, Any]) -> dict[str, Any]:
    return figures.get("feedback") or {}


def _scored(figures: dict[str, Any] | None) -> int | None:
    """How many scores the mean sentiment rests on. Summaries that do not store it give the
    analysed count instead: analysis sets the tone and its score together."""
    if figures is None:
        return None
    feedback = _feedback(figures)
    if "scored" in feedback:
        return feedback["scored"]
    return sum((feedback.get("by_sentiment") or {}).values())


def _attendance_note(figures: dict[str, Any]) -> str:
    rate = figures.get("attendance_rate")
    base = figures.get("attendance_base")
    if base is None:
        # Summaries without the base: the rate is shown only when the attended seats alone
        # reach the threshold, and the base, which holds them, then does too.
        attended = (_registrations(figures).get("by_status") or {}).get("attended", 0)
        return "" if attended >= THRESHOLD else SMALL
    attended = round((rate or 0) * base)
    return ratio_note(base=base, numerator_note=count_note(attended))


def _delta_sentiment(figures: dict[str, Any], previous: dict[str, Any] | None
                     ) -> tuple[float | None, str]:
    """(value, note) of ΔSentiment: this quarter's mean minus the previous quarter's, both as
    published, so the delta tells nothing that the two published means do not.

    Not the summary's own `delta_sentiment`: that one compares with the window of the same
    length just before, which is not the previous quarter (Q3's starts on 31 March), and the
    difference of two overlapping windows would give back the scores of the days where they
    differ. `previous` is None unless the previous quarter is published itself."""
    if previous is None:
        return None, NOT_AVAILABLE
    mean = _feedback(figures).get("mean_sentiment_score")
    previous_mean = _feedback(previous).get("mean_sentiment_score")
    value = (round(mean - previous_mean, 4)
             if mean is not None and previous_mean is not None else None)
    # Hidden with either mean (a hidden value stays hidden: _Records.add drops it).
    return value, ratio_note(base=_scored(figures)) or ratio_note(base=_scored(previous))


def _reply_notes(figures: dict[str, Any]) -> tuple[str, str]:
    """(reply rate, median hours to reply)."""
    feedback = _feedback(figures)
    answered = feedback.get("answered", 0)
    rate = ratio_note(base=feedback.get("total", 0), numerator_note=count_note(answered))
    return rate, ratio_note(base=answered)


def _component_notes(figures: dict[str, Any]) -> dict[str, str]:
    feedback = _feedback(figures)
    return {
        "satisfaction": ratio_note(base=_scored(figures)),
        "responsiveness": ratio_note(
            base=feedback.get("total", 0),
            numerator_note=count_note(feedback.get("answered_within_target", 0))),
        "reliability": _attendance_note(figures),
        "retention": ratio_note(
            base=figures.get("participants", 0),
            numerator_note=count_note(figures.get("returning_participants", 0))),
    }


def _share_breakdown(records: _Records, scope: str, field: str, counts: dict[str, int],
                     shares: dict[str, float | None]) -> None:
    hidden = suppressed_groups(counts, total_known=True)
    base = sum(counts.values())
    for group in counts:
        records.add(scope, field, shares.get(group),
                    ratio_note(base=base, numerator_note=hidden.get(group, "")), group)


def _breakdown(records: _Records, field: str, counts: dict[str, int], *,
               total_known: bool) -> None:
    hidden = suppressed_groups(counts, total_known=total_known)
    for group, n in counts.items():
        records.add(ALL, field, n, hidden.get(group, ""), group)


def _with_unknown(counts: dict[str, int], known: list[str]) -> dict[str, int]:
    """Every known group (zeros included, so the shape never changes), then the others;
    a blank becomes "unknown"."""
    result = {key: counts.get(key, 0) for key in known}
    for key in sorted(k for k in counts if k not in known):
        result[key or UNKNOWN] = result.get(key or UNKNOWN, 0) + counts[key]
    return result


def _all_records(records: _Records, figures: dict[str, Any],
                 previous: dict[str, Any] | None) -> None:
    registrations = _registrations(figures)
    feedback = _feedback(figures)
    total = registrations.get("total", 0)
    records.add(ALL, "registrations", total, count_note(total))
    total_known = not is_small(total)
    _breakdown(records, "registrations_by_status",
               _with_unknown(registrations.get("by_status") or {}, STATUSES),
               total_known=total_known)
    _breakdown(records, "registrations_by_resident_type",
               _with_unknown(registrations.get("by_resident_type") or {},
                             list(User.ResidentType.values)), total_known=total_known)
    _breakdown(records, "registrations_by_language",
               _with_unknown(registrations.get("by_language") or {},
                             [code for code, _name in settings.LANGUAGES]),
               total_known=total_known)
    _breakdown(records, "registrations_by_country",
               _with_unknown(registrations.get("by_country") or {}, []),
               total_known=total_known)
    _headline(records, ALL, figures, previous)
    _share_breakdown(records, ALL, "feedback_sentiment_share",
                     {s: (feedback.get("by_sentiment") or {}).get(s, 0) for s in SENTIMENTS},
                     feedback.get("sentiment_share") or {})
    _share_breakdown(records, ALL, "feedback_axis_share",
                     {a: (feedback.get("by_axis") or {}).get(a, 0) for a in FEEDBACK_AXES},
                     feedback.get("axis_share") or {})
    _trust(records, ALL, figures, with_components=True)


def _headline(records: _Records, scope: str, figures: dict[str, Any],
              previous: dict[str, Any] | None, hidden: dict[str, str] | None = None) -> None:
    """The figures every scope has. `hidden`: notes already decided across the axes."""
    hidden = hidden or {}
    feedback = _feedback(figures)

    def count(field: str, n: int) -> None:
        records.add(scope, field, n, hidden.get(field) or count_note(n))

    count("participants", figures.get("participants", 0))
    records.add(scope, "attendance_rate", figures.get("attendance_rate"),
                _attendance_note(figures))
    count("waitlist_length", figures.get("waitlist_length", 0))
    count("cancellations", figures.get("cancellations", 0))
    count("feedback", feedback.get("total", 0))
    records.add(scope, "mean_sentiment_score", feedback.get("mean_sentiment_score"),
                ratio_note(base=_scored(figures)))
    records.add(scope, "delta_sentiment", *_delta_sentiment(figures, previous))
    rate, median = _reply_notes(figures)
    records.add(scope, "reply_rate", feedback.get("reply_rate"), rate)
    records.add(scope, "median_hours_to_reply", feedback.get("median_hours_to_reply"), median)


def _trust(records: _Records, scope: str, figures: dict[str, Any], *,
           with_components: bool) -> None:
    trust = trust_index(figures)
    if trust.value is None:
        records.add(scope, "trust_index", None, NOT_ENOUGH_DATA)
        for name in COMPONENTS if with_components else ():
            records.add(scope, "trust_component", None, NOT_ENOUGH_DATA, name)
        return
    records.add(scope, "trust_index", trust.value)
    if not with_components:
        return
    notes = _component_notes(figures)
    used = [name for name in COMPONENTS
            if trust.components[name] is not None and trust.weights.get(name, 0) > 0]
    if any(notes[name] for name in used):
        notes = {name: notes[name] or COMPLEMENTARY for name in COMPONENTS}
    for name in COMPONENTS:
        value = trust.components[name]
        records.add(scope, "trust_component", None if value is None else round(value, 4),
                    notes[name], name)


# Counts that add up over the axes to the "all" figure (each event has one axis); feedback
# nearly does (general feedback is counted by its topic), so it is treated the same way.
ADDITIVE = {
    "registrations": lambda f: _registrations(f).get("total", 0),
    "waitlist_length": lambda f: f.get("waitlist_length", 0),
    "cancellations": lambda f: f.get("cancellations", 0),
    "feedback": lambda f: _feedback(f).get("total", 0),
}


def _axis_records(records: _Records, all_figures: dict[str, Any],
                  axes: dict[str, dict[str, Any]],
                  previous_axes: dict[str, dict[str, Any]]) -> None:
    hidden: dict[str, dict[str, str]] = {axis: {} for axis in AXES}
    for field, get in ADDITIVE.items():
        counts = {axis: get(axes[axis]) for axis in AXES}
        for axis, note in suppressed_groups(
                counts, total_known=not is_small(get(all_figures))).items():
            hidden[axis][field] = note
    total = _registrations(all_figures).get("total", 0)
    for axis in AXES:
        figures = axes[axis]
        registrations = _registrations(figures).get("total", 0)
        feedback = _feedback(figures)
        records.add(axis, "registrations", registrations,
                    hidden[axis].get("registrations") or count_note(registrations))
        records.add(axis, "registration_share",
                    round(registrations / total, 4) if total else None,
                    ratio_note(base=total, numerator_note=(hidden[axis].get("registrations")
                                                           or count_note(registrations))))
        _headline(records, axis, figures, previous_axes.get(axis), hidden[axis])
        with_axis = sum((feedback.get("by_axis") or {}).values())
        own = (feedback.get("by_axis") or {}).get(axis, 0)
        records.add(axis, "axis_centrality", feedback.get("axis_centrality"),
                    ratio_note(base=with_axis, numerator_note=count_note(own)))
        _trust(records, axis, figures, with_components=False)


def _other_records(records: _Records, period: Period) -> None:
    """Agreements and programmes up to the quarter's end: they count documents and events,
    not people, and are read as they stand now (an agreement recorded late shows up)."""
    agreements = agreements_per_year(year=period.start.year, until=period.end)
    records.add(ALL, "agreements_signed", agreements["this_year"], group=str(agreements["year"]))
    records.add(ALL, "agreements_signed", agreements["last_year"],
                group=str(agreements["year"] - 1))
    records.add(ALL, "agreements_change", agreements["change"])
    for row in programmes_per_quarter(year=period.start.year, until=period.end):
        records.add(ALL, "programmes_held", row["count"], group=row["label"])


def _order(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Scope by scope ("all", then the axes), fields in dictionary order."""
    scopes = {scope: i for i, scope in enumerate([ALL, *AXES])}
    fields = {f.name: i for i, f in enumerate(FIELDS)}
    return sorted(records, key=lambda r: (scopes[r["scope"]], fields[r["field"]]))


def open_data(*, period: Period) -> dict[str, Any]:
    """The period's open data: records, dictionary, period, source and licence.

    Raises NoOpenData when the period is not published (published_periods)."""
    previous = period.previous()
    rows = list(
        ParticipationSummary.objects
        .filter(scope__in=[ParticipationSummary.Scope.ALL, ParticipationSummary.Scope.AXIS])
        .filter(Q(period_start=period.start, period_end=period.end)
                | Q(period_start=previous.start, period_end=previous.end))
        .only("scope", "axis", "period_start", "figures", "computed_at")
    )
    current = [row for row in rows if row.period_start == period.start]
    all_row = next((row for row in current if row.scope == ALL), None)
    if all_row is None or not is_published(period, computed_at=all_row.computed_at):
        raise NoOpenData(period.key)
    earlier = [row for row in rows if row.period_start == previous.start]
    previous_row = next((row for row in earlier if row.scope == ALL), None)
    if previous_row is None or not is_published(previous, computed_at=previous_row.computed_at):
        earlier = []  # only published figures are compared with (ΔSentiment)
    previous_all = previous_row.figures if earlier else None
    axes = {axis: {} for axis in AXES}
    axes.update({row.axis: row.figures for row in current if row.scope == "axis"})
    previous_axes = {row.axis: row.figures for row in earlier if row.scope == "axis"}

    records = _Records()
    _all_records(records, all_row.figures, previous_all)
    _axis_records(records, all_row.figures, axes, previous_axes)
    _other_records(records, period)
    return {
        "period": {"key": period.key, "kind": period.kind, "label": str(period.label),
                   "first_day": period.start.isoformat(),
                   "last_day": (period.end - timedelta(days=1)).isoformat()},
        "generated_from": {"computed_at": all_row.computed_at.isoformat()},
        "licence": LICENCE,
        "terms": _("Free to use, share and adapt, commercially too, if the source is named: "
                   "Gangnam-gu Office."),
        "suppression": {
            "threshold": THRESHOLD,
            "rule": _("Every group of fewer than %(threshold)d people is hidden; see the "
                      "dictionary for each field.") % {"threshold": THRESHOLD},
        },
        "records": _order(records.items),
        "dictionary": data_dictionary(),
    }
