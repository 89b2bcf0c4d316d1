"""Public open data: the suppression rule, suppression in every output (page, CSV, JSON
download, API), no personal data, downloads that match the page, constant queries, 404s and
every language."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.events.models import Registration
from apps.feedback.models import Feedback
from apps.insights.models import ParticipationSummary
from apps.insights.open_data import (
    COMPLEMENTARY,
    FIELDS,
    NOT_AVAILABLE,
    NOT_ENOUGH_DATA,
    SMALL,
    NoOpenData,
    data_dictionary,
    open_data,
    published_periods,
    ratio_note,
    suppressed_groups,
)
from apps.insights.periods import Period, period_containing, period_from_key
from apps.insights.summaries import SEOUL, summaries_compute
from tests.factories import EventFactory, UserFactory
from tests.feedback.factories import FeedbackFactory

LANGUAGES = ["ko", "en", "zh-hans", "ja", "vi"]
KEY = "2025-Q3"
PERIOD = period_from_key(KEY)


# --- The rule (unit) ------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "hidden"), [(0, False), (1, True), (4, True), (5, False),
                                           (120, False)])
def test_a_count_from_1_to_4_is_hidden_and_zero_is_not(n, hidden):
    assert (suppressed_groups({"a": n}, total_known=False) == {"a": SMALL}) is hidden


def test_one_hidden_group_of_a_known_total_takes_the_next_smallest_with_it():
    counts = {"confirmed": 20, "waitlisted": 3, "cancelled": 0, "attended": 7}
    assert suppressed_groups(counts, total_known=True) == {
        "waitlisted": SMALL, "attended": COMPLEMENTARY}


def test_no_complementary_suppression_when_the_total_is_not_published():
    counts = {"a": 3, "b": 7, "c": 20}
    assert suppressed_groups(counts, total_known=False) == {"a": SMALL}


def test_a_zero_group_never_serves_as_the_complementary_one():
    # Hiding the 0 would not help: the hidden pair still adds up to the small group.
    counts = {"a": 2, "b": 0, "c": 9, "d": 30}
    assert suppressed_groups(counts, total_known=True) == {"a": SMALL, "c": COMPLEMENTARY}


@pytest.mark.parametrize(("counts", "expected"), [
    # 1 + 1 = 2 with two groups of at least 1: both are 1. Same for 4 + 4.
    ({"a": 1, "b": 1, "c": 30, "d": 8}, {"a": SMALL, "b": SMALL, "d": COMPLEMENTARY}),
    ({"a": 4, "b": 4, "c": 30, "d": 8}, {"a": SMALL, "b": SMALL, "d": COMPLEMENTARY}),
    # 2 + 3 = 5 could be 1 + 4, 2 + 3, 3 + 2 or 4 + 1: nothing more to hide.
    ({"a": 2, "b": 3, "c": 30, "d": 8}, {"a": SMALL, "b": SMALL}),
])
def test_several_hidden_groups_need_a_complementary_one_only_when_their_sum_gives_them_away(
        counts, expected):
    assert suppressed_groups(counts, total_known=True) == expected


def test_ties_for_the_complementary_group_are_broken_by_name():
    counts = {"z": 3, "b": 6, "a": 6, "c": 40}
    assert suppressed_groups(counts, total_known=True) == {"z": SMALL, "a": COMPLEMENTARY}


@pytest.mark.parametrize(("base", "numerator", "expected"), [
    (4, "", SMALL), (5, "", ""), (None, "", SMALL), (50, SMALL, SMALL),
    (50, COMPLEMENTARY, COMPLEMENTARY),
])
def test_a_share_is_hidden_below_5_or_when_its_count_is(base, numerator, expected):
    assert ratio_note(base=base, numerator_note=numerator) == expected


# --- Summary rows made directly -------------------------------------------------------------

def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def make_figures(*, by_status: dict[str, int], resident: dict[str, int] | None = None,
                 language: dict[str, int] | None = None, country: dict[str, int] | None = None,
                 participants: int, returning: int = 0, attendance_rate: float | None = None,
                 waitlist: int = 0, cancellations: int = 0,
                 by_sentiment: dict[str, int] | None = None, mean: float | None = None,
                 delta: float | None = None, by_axis: dict[str, int] | None = None,
                 feedback: int = 0, answered: int = 0, within: int = 0,
                 median: float | None = None, centrality: float | None = None
                 ) -> dict[str, Any]:
    """Figures shaped as apps/insights/summaries.py writes them."""
    total = sum(by_status.values())
    by_sentiment = {"positive": 0, "neutral": 0, "negative": 0, **(by_sentiment or {})}
    by_axis = {"tech": 0, "culture": 0, "green": 0, "inclusion": 0, "other": 0,
               **(by_axis or {})}
    analysed, with_axis = sum(by_sentiment.values()), sum(by_axis.values())
    return {
        "registrations": {
            "total": total,
            "by_status": {"confirmed": 0, "waitlisted": 0, "cancelled": 0, "attended": 0,
                          **by_status},
            "by_resident_type": resident if resident is not None else {"citizen": total},
            "by_language": language if language is not None else {"ko": total},
            "by_country": country if country is not None else {"KR": total},
        },
        "participants": participants,
        "returning_participants": returning,
        "attendance_rate": attendance_rate,
        "events": 4,
        "cancellations": cancellations,
        "promotions": 0,
        "waitlist_length": waitlist,
        "feedback": {
            "total": feedback,
            "by_sentiment": by_sentiment,
            "sentiment_share": {k: _share(v, analysed) for k, v in by_sentiment.items()},
            "mean_sentiment_score": mean,
            "delta_sentiment": delta,
            "by_language": {"ko": feedback} if feedback else {},
            "by_axis": by_axis,
            "axis_share": {k: _share(v, with_axis) for k, v in by_axis.items()},
            "axis_centrality": centrality,
            "answered": answered,
            "reply_rate": _share(answered, feedback),
            "answered_within_target": within,
            "median_hours_to_reply": median,
            "unanswered_over_target": 0,
        },
    }


def big(**overrides) -> dict[str, Any]:
    """A scope where nothing is small."""
    values = dict(
        by_status={"confirmed": 120, "waitlisted": 30, "cancelled": 25, "attended": 80},
        resident={"citizen": 150, "foreign_resident": 80, "visitor": 25},
        language={"ko": 150, "en": 60, "vi": 45},
        country={"KR": 150, "VN": 45, "US": 60},
        participants=200, returning=50, attendance_rate=0.8, waitlist=30, cancellations=25,
        by_sentiment={"positive": 20, "neutral": 10, "negative": 10}, mean=0.3, delta=-0.05,
        by_axis={"tech": 10, "culture": 10, "green": 10, "inclusion": 5, "other": 5},
        feedback=40, answered=30, within=25, median=20.5,
    )
    values.update(overrides)
    return make_figures(**values)


def axis_figures(n: int, axis: str) -> dict[str, Any]:
    return make_figures(
        by_status={"confirmed": n, "attended": n}, participants=n, attendance_rate=0.5,
        waitlist=n, cancellations=n, by_sentiment={"positive": n}, mean=0.5, delta=0.1,
        by_axis={axis: n, "other": n}, feedback=n, answered=n, within=n, median=3.0,
        centrality=0.5)


def store(period, scope_key: str, figures: dict[str, Any]) -> ParticipationSummary:
    scope, _, axis = scope_key.partition(":")
    return ParticipationSummary.objects.create(
        scope=scope, scope_key=scope_key, axis=axis, period_start=period.start,
        period_end=period.end, figures=figures, computed_at=timezone.now())


def store_period(period, all_figures, axes: dict[str, dict[str, Any]] | None = None) -> None:
    store(period, "all", all_figures)
    for axis in ("tech", "culture", "green", "inclusion"):
        store(period, f"axis:{axis}", (axes or {}).get(axis) or axis_figures(60, axis))


def record(data: dict[str, Any], scope: str, field: str, group: str = "") -> dict[str, Any]:
    matches = [r for r in data["records"]
               if (r["scope"], r["field"], r["group"]) == (scope, field, group)]
    assert len(matches) == 1, (scope, field, group)
    return matches[0]


@pytest.fixture
def small(db):
    """A quarter with small groups everywhere, and the quarter before it."""
    store_period(PERIOD.previous(), big())
    store_period(
        PERIOD,
        make_figures(
            by_status={"confirmed": 20, "waitlisted": 3, "cancelled": 0, "attended": 7},
            resident={"citizen": 26, "foreign_resident": 4},
            language={"ko": 25, "en": 5},
            country={"KR": 28, "JP": 1, "US": 1},
            participants=3, returning=1, attendance_rate=0.5, waitlist=0, cancellations=2,
            by_sentiment={"positive": 3, "negative": 1}, mean=0.4, delta=0.2,
            by_axis={"tech": 4}, feedback=4, answered=2, within=2, median=5.0,
        ),
        axes={"tech": axis_figures(2, "tech"), "culture": axis_figures(6, "culture"),
              "green": axis_figures(9, "green"), "inclusion": axis_figures(13, "inclusion")},
    )


@pytest.fixture
def full(db):
    """A quarter where nothing is small and the trust index is given."""
    store_period(PERIOD.previous(), big(mean=0.35))
    store_period(PERIOD, big())


def page_url(lang: str = "en", **query) -> str:
    with translation.override(lang):
        url = reverse("open_data:page")
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def download_url(kind: str, key: str = KEY, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"open_data:{kind}", kwargs={"key": key})


API = "/api/v1/open-data/"


def page_cells(response) -> dict[tuple[str, str, str], str]:
    """What each value cell of the page shows (the visible text, not the screen-reader one)."""
    cells = {}
    for scope, field, group, body in re.findall(
            r'<td class="opendata-value[^"]*" data-scope="([^"]*)" data-field="([^"]*)" '
            r'data-group="([^"]*)">(.*?)</td>', response.content.decode(), re.S):
        visible = re.search(r'<span aria-hidden="true">(.*?)</span>', body, re.S)
        text = visible.group(1) if visible else body
        cells[(scope, field, group)] = html.unescape(text).strip()
    return cells


def csv_rows(response) -> list[dict[str, str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


# --- Suppression in the records -------------------------------------------------------------

def test_small_groups_are_suppressed_in_the_records(small):
    data = open_data(period=PERIOD)

    status = {g: record(data, "all", "registrations_by_status", g)
              for g in ("confirmed", "waitlisted", "cancelled", "attended")}
    assert status["waitlisted"]["note"] == SMALL and status["waitlisted"]["value"] is None
    assert status["attended"]["note"] == COMPLEMENTARY and status["attended"]["value"] is None
    assert status["cancelled"]["value"] == 0 and not status["cancelled"]["suppressed"]
    assert status["confirmed"]["value"] == 20
    # 1 + 1: both would be known from the total, so KR goes too.
    assert [record(data, "all", "registrations_by_country", c)["note"]
            for c in ("KR", "JP", "US")] == [COMPLEMENTARY, SMALL, SMALL]
    assert record(data, "all", "registrations_by_resident_type",
                  "foreign_resident")["note"] == SMALL
    assert record(data, "all", "registrations_by_language", "en")["value"] == 5
    assert record(data, "all", "participants")["note"] == SMALL
    assert record(data, "all", "waitlist_length")["value"] == 0
    assert record(data, "all", "cancellations")["note"] == SMALL
    # Feedback: 4 pieces. Every share and mean rests on fewer than 5.
    for field in ("feedback", "mean_sentiment_score", "delta_sentiment", "reply_rate",
                  "median_hours_to_reply"):
        assert record(data, "all", field)["note"] == SMALL, field
    assert record(data, "all", "feedback_sentiment_share", "positive")["note"] == SMALL
    # 7 attended: the rate rests on at least 7 seats.
    assert record(data, "all", "attendance_rate")["value"] == 0.5
    assert record(data, "all", "trust_index")["note"] == NOT_ENOUGH_DATA
    assert record(data, "all", "trust_component", "retention")["note"] == NOT_ENOUGH_DATA
    # Axes add up to everything: 2 registrations in tech take culture (6) with them.
    assert record(data, "tech", "registrations")["note"] == SMALL
    assert record(data, "culture", "registrations")["note"] == COMPLEMENTARY
    assert record(data, "culture", "registration_share")["note"] == COMPLEMENTARY
    assert record(data, "green", "registrations")["value"] == 18
    assert record(data, "tech", "participants")["note"] == SMALL
    assert record(data, "tech", "axis_centrality")["note"] == SMALL
    # Every suppressed record carries no value.
    for r in data["records"]:
        assert (r["value"] is None) if r["suppressed"] else True
        assert r["suppressed"] == (r["note"] in (SMALL, COMPLEMENTARY))


def test_nothing_is_suppressed_when_every_group_is_large(full):
    data = open_data(period=PERIOD)
    people = [r for r in data["records"] if r["field"] not in ("agreements_change",)]
    assert not [r for r in people if r["suppressed"]]
    assert record(data, "all", "trust_index")["value"] is not None
    assert record(data, "all", "trust_component", "retention")["value"] == 0.25
    assert record(data, "all", "feedback_sentiment_share", "neutral")["value"] == 0.25
    assert record(data, "all", "delta_sentiment")["value"] == -0.05


def test_trust_components_are_published_together_or_not_at_all(db):
    # 3 returning participants: retention would give them back with the participants.
    store_period(PERIOD, big(returning=3))
    data = open_data(period=PERIOD)
    assert record(data, "all", "trust_index")["value"] is not None
    notes = {g: record(data, "all", "trust_component", g)["note"]
             for g in ("satisfaction", "responsiveness", "reliability", "retention")}
    assert notes == {"satisfaction": COMPLEMENTARY, "responsiveness": COMPLEMENTARY,
                     "reliability": COMPLEMENTARY, "retention": SMALL}


def test_the_delta_is_hidden_when_the_previous_period_rests_on_fewer_than_5(db):
    store_period(PERIOD.previous(), big(by_sentiment={"positive": 3}))
    store_period(PERIOD, big())
    data = open_data(period=PERIOD)
    assert record(data, "all", "mean_sentiment_score")["value"] == 0.3
    assert record(data, "all", "delta_sentiment")["note"] == SMALL


def test_summaries_that_carry_their_bases_are_judged_on_them(db):
    figures = big()
    figures["attendance_base"] = 4
    figures["feedback"]["scored"] = 40
    figures["feedback"]["previous_scored"] = 40
    store_period(PERIOD, figures)
    data = open_data(period=PERIOD)
    assert record(data, "all", "attendance_rate")["note"] == SMALL
    assert record(data, "all", "mean_sentiment_score")["value"] == 0.3
    figures["feedback"]["scored"] = 4
    ParticipationSummary.objects.filter(scope_key="all").update(figures=figures)
    assert record(open_data(period=PERIOD), "all", "mean_sentiment_score")["note"] == SMALL


def test_the_delta_compares_with_the_previous_quarter_as_published(db):
    # The summary's own delta compares with the window of the same length before the
    # quarter, which overlaps another quarter: its difference with the published means would
    # give back the scores of the days in between. Open data never publishes it.
    store_period(PERIOD.previous(), big(mean=0.1))
    store_period(PERIOD, big(mean=0.3, delta=0.777))
    data = open_data(period=PERIOD)
    assert record(data, "all", "delta_sentiment")["value"] == 0.2
    assert record(data, "tech", "delta_sentiment")["value"] == 0.0  # its own delta says 0.1
    assert 0.777 not in [r["value"] for r in data["records"]]


def test_no_delta_against_a_previous_quarter_that_is_not_published(db):
    store_period(PERIOD.previous(), big(mean=0.1))
    ParticipationSummary.objects.filter(period_start=PERIOD.previous().start).update(
        computed_at=datetime.combine(PERIOD.start - timedelta(days=2), time(1), tzinfo=SEOUL))
    store_period(PERIOD, big(mean=0.3))
    data = open_data(period=PERIOD)
    assert record(data, "all", "mean_sentiment_score")["value"] == 0.3
    assert record(data, "all", "delta_sentiment")["note"] == NOT_AVAILABLE


def test_without_its_base_the_attendance_rate_needs_5_attended(db):
    store_period(PERIOD, big(by_status={"confirmed": 120, "attended": 4}))
    assert record(open_data(period=PERIOD), "all", "attendance_rate")["note"] == SMALL


def test_a_figure_that_cannot_be_computed_is_marked_so(db):
    store_period(PERIOD, big(attendance_rate=None, delta=None))
    data = open_data(period=PERIOD)
    assert record(data, "all", "attendance_rate")["note"] == NOT_AVAILABLE
    assert record(data, "all", "delta_sentiment")["note"] == NOT_AVAILABLE


def test_the_dictionary_lists_every_published_field(full):
    data = open_data(period=PERIOD)
    names = {entry["field"] for entry in data_dictionary()}
    assert {r["field"] for r in data["records"]} == names == {f.name for f in FIELDS}
    for entry in data["dictionary"]:
        assert entry["meaning"] and entry["unit"] and entry["suppression"]


# --- Suppression in every output ------------------------------------------------------------

def test_the_page_shows_the_suppressed_groups_as_markers(client, small):
    response = client.get(page_url())
    assert response.status_code == 200
    cells = page_cells(response)
    assert cells[("all", "registrations_by_status", "waitlisted")] == "<5"
    assert cells[("all", "registrations_by_status", "attended")] == "x"
    assert cells[("all", "registrations_by_status", "cancelled")] == "0"
    assert cells[("all", "registrations_by_country", "JP")] == "<5"
    assert cells[("all", "participants", "")] == "<5"
    assert cells[("tech", "registrations", "")] == "<5"
    assert cells[("culture", "registrations", "")] == "x"
    assert cells[("all", "trust_index", "")] == "Not enough data"
    content = response.content.decode()
    assert "fewer than 5, hidden" in content  # said to screen readers


def test_every_output_suppresses_what_the_records_suppress(client, small):
    data = open_data(period=PERIOD)
    hidden = {(r["scope"], r["field"], r["group"]): r["note"]
              for r in data["records"] if r["suppressed"]}
    assert hidden
    marker = {SMALL: "<5", COMPLEMENTARY: "x"}

    cells = page_cells(client.get(page_url()))
    rows = {(r["scope"], r["field"], r["group"]): r
            for r in csv_rows(client.get(download_url("csv")))}
    download = json.loads(client.get(download_url("json")).content)
    api = client.get(API, {"period": KEY}, HTTP_ACCEPT_LANGUAGE="en").json()
    for key, note in hidden.items():
        if key in cells:
            assert cells[key] == marker[note], key
        assert rows[key]["value"] == marker[note] and rows[key]["suppressed"] == "true", key
        for payload in (download, api):
            r = record(payload, *key)
            assert r["value"] is None and r["suppressed"] is True and r["note"] == note


def test_the_api_returns_the_same_json_as_the_download(client, full):
    download = json.loads(client.get(download_url("json")).content)
    api = client.get(API, {"period": KEY}, HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 200
    assert api.json() == download
    assert download["licence"] == "Korea Open Government License type 1 (KOGL-1)"
    assert download["period"] == {"key": KEY, "kind": "quarter", "label": "Q3 2025",
                                  "first_day": "2025-07-01", "last_day": "2025-09-30"}
    assert download["generated_from"]["computed_at"]
    assert download["dictionary"]


def test_the_api_defaults_to_the_newest_period(client, full):
    response = client.get(API)
    assert response.status_code == 200
    assert response.json()["period"]["key"] == KEY


# --- Downloads parse and match the page -----------------------------------------------------

def _number(text: str) -> float:
    return float(text.replace(",", "").replace("%", "").replace("+", "").strip())


def test_csv_and_json_parse_and_match_what_the_page_shows(client, full):
    data = json.loads(client.get(download_url("json")).content)
    rows = csv_rows(client.get(download_url("csv")))
    # The CSV and the JSON hold the same records, in the same order.
    assert [(r["scope"], r["field"], r["group"]) for r in rows] == [
        (r["scope"], r["field"], r["group"]) for r in data["records"]]
    for row, r in zip(rows, data["records"], strict=True):
        assert row["period"] == KEY and row["note"] == r["note"]
        if r["value"] is None:
            assert row["value"] == ""
        else:
            assert float(row["value"]) == pytest.approx(r["value"])
        assert row["label"]

    cells = page_cells(client.get(page_url()))
    units = {f.name: f.unit for f in FIELDS}
    assert len(cells) > 50
    shown = 0
    for key, text in cells.items():
        r = record(data, *key)
        if r["value"] is None:
            continue
        unit = units[r["field"]]
        expected = r["value"] * 100 if unit in ("share", "change") else r["value"]
        # The page rounds: to 1 decimal for percentages and hours, 2 for scores.
        assert _number(text) == pytest.approx(expected, abs=0.051), key
        shown += 1
    assert shown > 50


def test_the_dictionary_downloads_as_csv(client, db):
    response = client.get(reverse("open_data:dictionary_csv"))
    assert response.status_code == 200
    rows = csv_rows(response)
    assert [r["field"] for r in rows] == [f.name for f in FIELDS]


# --- No personal data -----------------------------------------------------------------------

def _into_last_quarter() -> Period:
    """Moves every registration and piece of feedback into the last calendar quarter, which
    is over: the only kind of period open data publishes."""
    quarter = period_containing(timezone.localdate(), kind="quarter").previous()
    moment = datetime.combine(quarter.start + timedelta(days=20), time(12), tzinfo=SEOUL)
    Registration.objects.update(created_at=moment)
    Feedback.objects.update(created_at=moment)
    return quarter


def test_no_personal_data_or_free_text_reaches_any_output(client, db):
    event = EventFactory(axis="tech")
    secrets = ["Zelda Quintessa Recognisable", "zelda.secret@example.org",
               "ORCHID-FEEDBACK-SENTENCE", "orchid.reply@example.org", "ZQ-ANSWER-PASSAGE"]
    for i in range(6):
        user = UserFactory(name=f"{secrets[0]} {i}", email=f"{i}.{secrets[1]}",
                           resident_type="foreign_resident", country="VN")
        Registration.objects.create(event=event, user=user, status="confirmed", language="vi",
                                    resident_type="foreign_resident", country="VN",
                                    interpretation_language="vi",
                                    accessibility_needs="WHEELCHAIR-NOTE-XYZ",
                                    answers={"q": "ANSWER-TEXT-XYZ"},
                                    privacy_consent_at=timezone.now())
        FeedbackFactory(event=event, user=user, body=f"{secrets[2]} {i}", email=secrets[3],
                        axis="tech")
    FeedbackFactory(body=secrets[4], email=secrets[3], status=Feedback.Status.ANSWERED)
    period = _into_last_quarter()
    summaries_compute(start=period.start, end=period.end)

    outputs = [
        client.get(page_url(period=period.key)).content.decode(),
        client.get(download_url("csv", period.key)).content.decode("utf-8"),
        client.get(download_url("json", period.key)).content.decode(),
        client.get(API, {"period": period.key}).content.decode(),
        client.get(reverse("open_data:dictionary_csv")).content.decode("utf-8"),
    ]
    tickets = list(Registration.objects.values_list("ticket_code", flat=True))
    for output in outputs:
        for text in [*secrets, "WHEELCHAIR-NOTE-XYZ", "ANSWER-TEXT-XYZ", "example.org",
                     *tickets]:
            assert text not in output
    data = json.loads(outputs[2])
    assert record(data, "all", "registrations")["value"] == 6
    assert record(data, "all", "feedback")["value"] == 7


# --- Constant queries -----------------------------------------------------------------------

def _activity(events: int):
    for i in range(events):
        event = EventFactory(axis=["tech", "culture", "green", "inclusion"][i % 4])
        for user in UserFactory.create_batch(2):
            Registration.objects.create(event=event, user=user, status="confirmed",
                                        language="ko", resident_type="citizen", country="KR",
                                        privacy_consent_at=timezone.now())
        FeedbackFactory(event=event)
    period = _into_last_quarter()
    summaries_compute(start=period.start, end=period.end)
    return period


def _queries(client, period) -> list[int]:
    counts = []
    for url, extra in ((page_url(period=period.key), {}),
                       (download_url("csv", period.key), {}),
                       (download_url("json", period.key), {}),
                       (API, {"period": period.key})):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, extra).status_code == 200
        counts.append(len(queries))
    return counts


@pytest.mark.parametrize("events", [3, 30])
def test_queries_do_not_grow_with_the_number_of_events(client, db, events,
                                                       django_assert_max_num_queries):
    period = _activity(events)
    assert ParticipationSummary.objects.filter(scope="event").count() == events
    with django_assert_max_num_queries(4):  # periods, summary rows, agreements, programmes
        assert client.get(page_url(period=period.key)).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(download_url("json", period.key)).status_code == 200


def test_the_same_queries_for_3_and_30_events(client, db):
    period = _activity(3)
    few = _queries(client, period)
    ParticipationSummary.objects.all().delete()
    period = _activity(27)  # 30 events in all
    assert _queries(client, period) == few


# --- Not found, empty, public ---------------------------------------------------------------

@pytest.mark.parametrize("key", ["2025-Q5", "garbage", "25", "2025-13"])
def test_an_unknown_period_is_not_found(client, full, key):
    assert client.get(page_url(period=key)).status_code == 404
    assert client.get(download_url("csv", key)).status_code == 404
    assert client.get(download_url("json", key)).status_code == 404
    response = client.get(API, {"period": key})
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_a_period_without_summaries_is_an_empty_page_and_no_download(client, full):
    response = client.get(page_url(period="2019"))
    assert response.status_code == 200
    assert "No figures have been published for Year 2019" in response.content.decode()
    assert client.get(download_url("csv", "2019")).status_code == 404
    assert client.get(download_url("json", "2019")).status_code == 404
    assert client.get(API, {"period": "2019"}).status_code == 404


def test_without_any_summary_the_page_says_so(client, db):
    response = client.get(page_url())
    assert response.status_code == 200
    assert "No figures have been published yet" in response.content.decode()
    assert client.get(API).status_code == 404


def test_open_data_is_public_and_the_staff_summary_is_not(client, full):
    for url in (page_url(), download_url("csv"), download_url("json"), API):
        assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/insights/summary/").status_code in (401, 403)


def test_the_footer_links_to_the_page(client, db):
    with translation.override("en"):
        home = reverse("core:home")
    assert page_url() in client.get(home).content.decode()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_and_downloads_render_in_every_language(client, full, lang):
    response = client.get(page_url(lang))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{lang}">' in content
    assert "<caption" in content and 'scope="row"' in content and 'scope="col"' in content
    assert client.get(download_url("csv", lang=lang)).status_code == 200
    data = json.loads(client.get(download_url("json", lang=lang)).content)
    assert data["period"]["key"] == KEY


def test_the_period_selector_lists_the_published_periods(client, full):
    content = client.get(page_url()).content.decode()
    assert '<select class="krds-form-select" name="period" id="id_period"' in content
    assert f'<option value="{KEY}" selected>' in content
    assert f'<option value="{PERIOD.previous().key}"' in content
    assert f'href="{download_url("csv")}"' in content
    assert f'href="{download_url("json")}"' in content


# --- Which periods are published ------------------------------------------------------------

def test_only_quarters_that_are_over_and_final_are_published(client, full):
    today = timezone.localdate()
    running = period_containing(today, kind="quarter")
    year = period_containing(PERIOD.start, kind="year")
    month = period_containing(PERIOD.start, kind="month")
    closed_early = running.previous()  # over, but last computed before it ended
    for period in (running, year, month):
        store_period(period, big())
    early = store(closed_early, "all", big())
    ParticipationSummary.objects.filter(pk=early.pk).update(
        computed_at=datetime.combine(closed_early.end - timedelta(days=1), time(23),
                                     tzinfo=SEOUL))

    assert published_periods() == [PERIOD, PERIOD.previous()]
    content = client.get(page_url()).content.decode()
    for period in (running, year, month, closed_early):
        assert f'<option value="{period.key}"' not in content, period.key
        assert client.get(download_url("csv", period.key)).status_code == 404, period.key
        assert client.get(download_url("json", period.key)).status_code == 404, period.key
        assert client.get(API, {"period": period.key}).status_code == 404, period.key
        with pytest.raises(NoOpenData):
            open_data(period=period)
        page = client.get(page_url(period=period.key))
        assert page.status_code == 200
        assert "No figures have been published for" in page.content.decode()
    assert client.get(API).json()["period"]["key"] == KEY


def test_a_quarter_is_published_from_the_day_after_it_ends(db):
    quarter = period_containing(timezone.localdate(), kind="quarter").previous()
    row = store(quarter, "all", big())
    assert published_periods() == [quarter]
    ParticipationSummary.objects.filter(pk=row.pk).update(
        computed_at=datetime.combine(quarter.end, time(0, 5), tzinfo=SEOUL))
    assert published_periods() == [quarter]
    ParticipationSummary.objects.filter(pk=row.pk).update(
        computed_at=datetime.combine(quarter.end, time(0, 5), tzinfo=SEOUL)
        - timedelta(minutes=10))
    assert published_periods() == []


def test_agreements_and_programmes_stop_at_the_quarters_end(db):
    from apps.insights.models import Agreement, Partner

    store_period(PERIOD.previous(), big())
    store_period(PERIOD, big())
    partner = Partner.objects.create(slug="p", name="P", name_ko="P", country="JP",
                                     kind="sister")
    for signed in ("2025-02-01", "2025-09-30", "2025-10-01"):  # the last is after Q3
        Agreement.objects.create(partner=partner, title="A", title_ko="A", axis="tech",
                                 status="signed", signed_on=signed)
    in_q3 = datetime(2025, 8, 10, 10, tzinfo=SEOUL)
    after = datetime(2025, 11, 10, 10, tzinfo=SEOUL)
    for starts_at in (in_q3, after, timezone.now() - timedelta(hours=1)):
        EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))

    data = open_data(period=PERIOD)
    assert record(data, "all", "agreements_signed", "2025")["value"] == 2
    programmes = {r["group"]: r["value"] for r in data["records"]
                  if r["field"] == "programmes_held"}
    assert programmes == {"Q1": 0, "Q2": 0, "Q3": 1}


def test_the_page_explains_when_figures_are_published(client, db):
    content = client.get(page_url()).content.decode()
    assert "once it is over" in content
    assert "The figures of each calendar quarter are published once it is over." in content


def test_days_of_a_period_are_not_offered_as_periods(client, full):
    # Daily rows (hourly and nightly runs) are not calendar periods.
    day = PERIOD.start + timedelta(days=3)
    ParticipationSummary.objects.create(scope="all", scope_key="all", period_start=day,
                                        period_end=day + timedelta(days=1), figures=big(),
                                        computed_at=timezone.now())
    content = client.get(page_url()).content.decode()
    assert f'value="{day.isoformat()}"' not in content
