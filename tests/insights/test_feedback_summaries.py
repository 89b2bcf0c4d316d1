"""Feedback figures against figures computed independently, in Python, from the raw rows; the
grouped computation against one event alone; the query count against the number of events."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from apps.events import services
from apps.events.models import Registration
from apps.feedback.models import Feedback
from apps.insights.models import ParticipationSummary
from apps.insights.summaries import seoul_today, summaries_compute, summaries_nightly
from tests.factories import EventFactory, UserFactory
from tests.feedback.factories import FeedbackFactory
from tests.insights.scenario import at

pytestmark = pytest.mark.django_db
SENTIMENTS = ("positive", "neutral", "negative")
AXES = ("tech", "culture", "green", "inclusion", "other")


def feedback_at(created_at, *, answered_after: timedelta | None = None, **fields) -> Feedback:
    """A feedback row as analysis leaves it (no analysis runs here), written at `created_at`
    and first answered `answered_after` later."""
    if answered_after is not None:
        fields.setdefault("status", Feedback.Status.ANSWERED)
    feedback = FeedbackFactory(**fields)
    Feedback.objects.filter(pk=feedback.pk).update(
        created_at=created_at,
        answered_at=created_at + answered_after if answered_after is not None else None,
    )
    feedback.refresh_from_db()
    return feedback


def unanalysed(**fields) -> dict:
    return {"sentiment": "", "sentiment_score": None, "axis": "", "language": "",
            "analysis_status": Feedback.Analysis.PENDING, **fields}


@pytest.fixture
def feedback(activity):
    """Feedback about the activity's events, general feedback and feedback about a draft, in
    the period (yesterday), in the previous day and long before; some answered within the
    reply target, one after it, some still waiting, one hidden as spam."""
    day, tech, culture = activity["day"], activity["tech"], activity["culture"]
    draft = EventFactory(axis="green", status="draft")
    h = timedelta(hours=1)
    # In the period.
    feedback_at(at(day, 9), event=tech, sentiment="positive", sentiment_score=0.8,
                language="ko", axis="tech", answered_after=3 * h)
    feedback_at(at(day, 10), event=tech, sentiment="negative", sentiment_score=-0.6,
                language="ja", axis="culture", answered_after=30 * h)
    feedback_at(at(day, 11), event=tech, sentiment="neutral", sentiment_score=0.1,
                language="en", axis="tech")
    feedback_at(at(day, 12), event=tech, **unanalysed())
    feedback_at(at(day, 13), event=tech, status="hidden", sentiment="positive",
                sentiment_score=1.0, axis="tech", answered_after=h)
    feedback_at(at(day, 14), event=culture, sentiment="positive", sentiment_score=0.9,
                language="vi", axis="culture", answered_after=240 * h)
    feedback_at(at(day, 15), event=None, sentiment="negative", sentiment_score=-0.9,
                language="ko", axis="tech", answered_after=5 * h)
    feedback_at(at(day, 16), event=None, sentiment="neutral", sentiment_score=0.0,
                language="en", axis="other")
    feedback_at(at(day, 17), event=draft, sentiment="positive", sentiment_score=0.5,
                language="zh-hans", axis="green")
    feedback_at(at(day, 18), event=None, sentiment="positive", sentiment_score=0.4,
                language="vi", axis="green")
    # The previous period (the day before).
    feedback_at(at(day - timedelta(days=1), 9), event=tech, sentiment="positive",
                sentiment_score=0.2, axis="tech")
    feedback_at(at(day - timedelta(days=1), 10), event=None, sentiment="negative",
                sentiment_score=-0.4, axis="tech")
    # Long before: some still waiting for a reply after the target.
    old = at(day - timedelta(days=10))
    feedback_at(old, event=tech, status="received")
    feedback_at(old, event=None, axis="culture", status="in_review")
    feedback_at(old, event=culture, status="closed")
    feedback_at(old, event=tech, answered_after=2 * h)
    feedback_at(old, event=tech, status="hidden")
    return {**activity, "draft": draft}


def expected_feedback(member, *, axis: str | None, start, end, now) -> dict:
    """The module's definitions, plainly over the rows."""
    target = timedelta(days=settings.FEEDBACK_REPLY_TARGET_DAYS)
    begin, finish = at(start, 0), at(end, 0)
    previous_begin = begin - (finish - begin)
    rows = [f for f in Feedback.objects.select_related("event")
            if f.status != "hidden" and member(f)]
    current = [f for f in rows if begin <= f.created_at < finish]
    previous = [f for f in rows if previous_begin <= f.created_at < begin]

    def mean(items):
        scores = [f.sentiment_score for f in items if f.sentiment_score is not None]
        return sum(scores) / len(scores) if scores else None

    def share(part, whole):
        return round(part / whole, 4) if whole else None

    sentiments = Counter(f.sentiment for f in current if f.sentiment)
    axes = Counter(f.axis for f in current if f.axis)
    answered = [f for f in current if f.answered_at]
    waits = [(f.answered_at - f.created_at).total_seconds() / 3600 for f in answered]
    this, before = mean(current), mean(previous)
    return {
        "total": len(current),
        "scored": sum(f.sentiment_score is not None for f in current),
        "previous_scored": sum(f.sentiment_score is not None for f in previous),
        "by_sentiment": {s: sentiments[s] for s in SENTIMENTS},
        "sentiment_share": {s: share(sentiments[s], sum(sentiments.values()))
                            for s in SENTIMENTS},
        "mean_sentiment_score": None if this is None else round(this, 4),
        "delta_sentiment": (None if this is None or before is None
                            else round(this - before, 4)),
        "by_language": dict(Counter(f.language for f in current)),
        "by_axis": {a: axes[a] for a in AXES},
        "axis_share": {a: share(axes[a], sum(axes.values())) for a in AXES},
        "axis_centrality": None if axis is None else share(axes[axis], sum(axes.values())),
        "answered": len(answered),
        "reply_rate": share(len(answered), len(current)),
        "answered_within_target": sum(f.answered_at - f.created_at <= target
                                      for f in answered),
        "median_hours_to_reply": round(statistics.median(waits), 2) if waits else None,
        "unanswered_over_target": sum(
            f.status in ("received", "in_review") and f.answered_at is None
            and f.created_at < now - target for f in rows),
    }


def check_feedback(row: ParticipationSummary, member, *, axis: str | None) -> dict:
    expected = expected_feedback(member, axis=axis, start=row.period_start,
                                 end=row.period_end, now=timezone.now())
    figures = row.figures["feedback"]
    assert figures.keys() == expected.keys()
    for key, value in expected.items():
        if key in ("mean_sentiment_score", "delta_sentiment") and value is not None:
            # Sums of floats in another order: equal to the last rounded digit.
            assert figures[key] == pytest.approx(value, abs=1e-4), key
        else:
            assert figures[key] == value, key
    return figures


def of_event(event):
    return lambda f: f.event_id == event.pk


def of_axis(axis):
    return lambda f: (f.event.axis == axis and f.event.status != "draft" if f.event_id
                      else f.axis == axis)


def test_feedback_figures_match_figures_computed_from_the_raw_rows(feedback):
    day = feedback["day"]
    summaries_compute(start=day, end=day + timedelta(days=1))
    rows = {row.scope_key: row for row in ParticipationSummary.objects.all()}
    figures = check_feedback(rows["all"], lambda f: True, axis=None)
    assert figures["total"] == 9  # the hidden row is left out
    for axis in ("tech", "culture", "green", "inclusion"):
        check_feedback(rows[f"axis:{axis}"], of_axis(axis), axis=axis)
    for event in (feedback["tech"], feedback["culture"], feedback["past"]):
        check_feedback(rows[f"event:{event.pk}"], of_event(event), axis=event.axis)
    assert f"event:{feedback['draft'].pk}" not in rows

    # The scenario really exercises the figures.
    tech = rows[f"event:{feedback['tech'].pk}"].figures["feedback"]
    assert tech["total"] == 4 and tech["answered"] == 2
    assert tech["median_hours_to_reply"] == 16.5  # (3 h + 30 h) / 2
    assert tech["delta_sentiment"] == pytest.approx(-0.1)  # 0.1 now, 0.2 the day before
    assert tech["axis_centrality"] == 0.6667  # 2 of the 3 analysed are about tech
    assert tech["unanswered_over_target"] == 1
    axis_tech = rows["axis:tech"].figures["feedback"]
    assert axis_tech["total"] == 5 and axis_tech["median_hours_to_reply"] == 5.0
    culture = rows["axis:culture"].figures["feedback"]
    assert (culture["answered"], culture["answered_within_target"]) == (1, 0)
    assert culture["unanswered_over_target"] == 1  # general feedback, culture
    assert rows["all"].figures["feedback"]["median_hours_to_reply"] == 17.5
    assert rows["all"].figures["feedback"]["unanswered_over_target"] == 2
    assert rows["axis:inclusion"].figures["feedback"]["mean_sentiment_score"] is None


def test_a_longer_period_has_its_own_previous_period(feedback):
    day = feedback["day"]
    start, end = day - timedelta(days=1), day + timedelta(days=1)
    summaries_compute(start=start, end=end)
    row = ParticipationSummary.objects.get(scope_key="axis:tech", period_start=start)
    figures = check_feedback(row, of_axis("tech"), axis="tech")
    assert figures["delta_sentiment"] is None  # nothing in the two days before


def test_grouping_gives_the_figures_of_one_event_alone(feedback):
    day = feedback["day"]
    summaries_compute(start=day, end=day + timedelta(days=1))
    grouped = {row.scope_key: row.figures for row in ParticipationSummary.objects.all()}
    for event in (feedback["tech"], feedback["culture"], feedback["past"]):
        assert summaries_compute(start=day, end=day + timedelta(days=1), event=event) == 1
        alone = ParticipationSummary.objects.get(scope_key=f"event:{event.pk}",
                                                 period_start=day)
        assert alone.figures == grouped[f"event:{event.pk}"]
    # The hourly path (a list of events) too.
    summaries_compute(start=day, end=day + timedelta(days=1),
                      events=[feedback["tech"], feedback["culture"]])
    assert ParticipationSummary.objects.get(
        scope_key=f"event:{feedback['tech'].pk}").figures == grouped[
        f"event:{feedback['tech'].pk}"]


def test_recomputing_overwrites_the_feedback_figures(feedback):
    day = feedback["day"]
    summaries_compute(start=day, end=day + timedelta(days=1))
    count = ParticipationSummary.objects.count()
    first = ParticipationSummary.objects.get(scope_key="all")
    feedback_at(at(day, 20), event=feedback["culture"], sentiment="negative",
                sentiment_score=-1.0, axis="culture", answered_after=timedelta(hours=1))
    summaries_compute(start=day, end=day + timedelta(days=1))
    assert ParticipationSummary.objects.count() == count
    row = ParticipationSummary.objects.get(scope_key="all")
    assert row.pk == first.pk and row.computed_at > first.computed_at
    assert row.created_at == first.created_at
    assert check_feedback(row, lambda f: True, axis=None)["total"] == 10
    check_feedback(ParticipationSummary.objects.get(scope_key="axis:culture"),
                   of_axis("culture"), axis="culture")


def _busy_events(n: int, day, *, regular) -> None:
    """n more events with registrations (`regular` in each, so a returning person) and
    feedback, all yesterday."""
    for i in range(n):
        event = EventFactory(axis=("tech", "culture", "green", "inclusion")[i % 4])
        for user in (regular, UserFactory()):
            services.registration_create(event=event, user=user, privacy_consent=True)
        Registration.objects.filter(event=event).update(
            created_at=at(day, 8) + timedelta(minutes=Registration.objects.count()))
        feedback_at(at(day, 9), event=event, answered_after=timedelta(hours=i + 1))
        feedback_at(at(day, 10), event=event, sentiment="negative", sentiment_score=-0.5)


NIGHTLY_QUERIES = 20


def test_the_nightly_query_count_does_not_grow_with_the_number_of_events(
    django_assert_max_num_queries,
):
    day = seoul_today() - timedelta(days=1)
    regular = UserFactory()
    counts = []
    for more, events in ((3, 3), (9, 12)):
        _busy_events(more, day, regular=regular)
        with django_assert_max_num_queries(NIGHTLY_QUERIES) as captured:
            assert summaries_nightly() == events + 4 + 1
        counts.append(len(captured.captured_queries))
        # Every figure came out of those queries.
        row = ParticipationSummary.objects.get(scope_key="all")
        assert row.figures["registrations"]["total"] == 2 * events
        assert row.figures["feedback"]["total"] == 2 * events
        assert row.figures["returning_participants"] == 1
        assert row.figures["feedback"]["answered"] == events
    assert counts[0] == counts[1]
