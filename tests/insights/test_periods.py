"""Calendar periods of the dashboard: keys, bounds, the previous period, and the nightly task."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest

from apps.insights.periods import period_containing, period_from_bounds, period_from_key


@pytest.mark.parametrize(("key", "start", "end"), [
    ("2026", date(2026, 1, 1), date(2027, 1, 1)),
    ("2026-Q4", date(2026, 10, 1), date(2027, 1, 1)),
    ("2026-Q1", date(2026, 1, 1), date(2026, 4, 1)),
    ("2026-12", date(2026, 12, 1), date(2027, 1, 1)),
    ("2026-02", date(2026, 2, 1), date(2026, 3, 1)),
])
def test_keys_and_bounds(key, start, end):
    period = period_from_key(key)
    assert (period.start, period.end, period.key) == (start, end, key)
    assert period_from_bounds(start, end) == period


@pytest.mark.parametrize("key", ["", "26", "2026-Q5", "2026-13", "2026-1", "x2026", "2026-Q"])
def test_bad_keys_are_refused(key):
    assert period_from_key(key) is None


def test_previous_periods():
    assert period_from_key("2026-Q1").previous().key == "2025-Q4"
    assert period_from_key("2026-01").previous().key == "2025-12"
    assert period_from_key("2026").previous().key == "2025"


def test_a_day_belongs_to_one_month_quarter_and_year():
    day = date(2026, 11, 21)
    assert [period_containing(day, kind=k).key for k in ("month", "quarter", "year")] == [
        "2026-11", "2026-Q4", "2026"]


def test_the_nightly_task_computes_the_periods_that_contain_yesterday():
    from apps.insights import tasks

    with mock.patch.object(tasks.summaries, "seoul_today", return_value=date(2027, 1, 1)), \
            mock.patch.object(tasks.summaries, "summaries_compute", return_value=3) as compute:
        assert tasks.summaries_periods() == 9
    yesterday = date(2027, 1, 1) - timedelta(days=1)
    assert [(c.kwargs["start"], c.kwargs["end"]) for c in compute.call_args_list] == [
        (date(2026, 12, 1), yesterday + timedelta(days=1)),
        (date(2026, 10, 1), date(2027, 1, 1)),
        (date(2026, 1, 1), date(2027, 1, 1)),
    ]
