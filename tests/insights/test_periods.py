"""Calendar periods of the dashboard: keys, bounds, the previous period, and the nightly task."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from unittest import mock

import pytest

from apps.insights.models import ParticipationSummary
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


def test_the_nightly_task_computes_the_periods_that_contain_yesterday(db):
    from apps.insights import tasks

    with mock.patch.object(tasks.summaries, "seoul_today", return_value=date(2027, 1, 1)), \
            mock.patch.object(tasks.summaries, "summaries_compute", return_value=3) as compute:
        assert tasks.summaries_periods() == 12
    yesterday = date(2027, 1, 1) - timedelta(days=1)
    assert [(c.kwargs["start"], c.kwargs["end"]) for c in compute.call_args_list] == [
        (date(2026, 12, 1), yesterday + timedelta(days=1)),
        (date(2026, 10, 1), date(2027, 1, 1)),
        (date(2026, 1, 1), date(2027, 1, 1)),
        # The quarter before, not yet computed after its end: it would never be published.
        (date(2026, 7, 1), date(2026, 10, 1)),
    ]


def _run_at(moment):
    from apps.insights import tasks

    with mock.patch("django.utils.timezone.now", return_value=moment):
        tasks.summaries_periods()


def test_a_quarter_is_published_by_the_run_after_its_end_even_one_day_late(db):
    from apps.insights.open_data import published_periods
    from apps.insights.summaries import SEOUL
    from tests.factories import EventFactory

    EventFactory(axis="tech")
    q2, q3 = period_from_key("2026-Q2"), period_from_key("2026-Q3")
    # Q3 computed while it runs; Q2, never computed, is caught up by the same run.
    _run_at(datetime(2026, 9, 30, 1, 0, tzinfo=SEOUL))
    with mock.patch("django.utils.timezone.now",
                    return_value=datetime(2026, 10, 1, 0, 30, tzinfo=SEOUL)):
        assert published_periods() == [q2]
    # The run of 1 October is missed; that of 2 October computes Q3 whole.
    _run_at(datetime(2026, 10, 2, 1, 0, tzinfo=SEOUL))
    with mock.patch("django.utils.timezone.now",
                    return_value=datetime(2026, 11, 22, 9, 0, tzinfo=SEOUL)):
        assert published_periods() == [q3, q2]
    computed = ParticipationSummary.objects.get(scope_key="all", period_start=q3.start,
                                                period_end=q3.end).computed_at
    # Published figures stay as published: the next runs leave Q3 alone.
    _run_at(datetime(2026, 10, 3, 1, 0, tzinfo=SEOUL))
    assert ParticipationSummary.objects.get(scope_key="all", period_start=q3.start,
                                            period_end=q3.end).computed_at == computed


def test_the_command_refuses_to_change_a_published_quarter(db):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from apps.insights.open_data import is_final

    q3 = period_from_key("2025-Q3")
    call_command("compute_summaries", "--start", "2025-07-01", "--end", "2025-10-01")
    assert is_final(q3)
    computed = ParticipationSummary.objects.get(scope_key="all", period_start=q3.start,
                                                period_end=q3.end).computed_at
    with pytest.raises(CommandError, match="2025-Q3 is published as open data"):
        call_command("compute_summaries", "--start", "2025-07-01", "--end", "2025-10-01")
    assert ParticipationSummary.objects.get(scope_key="all", period_start=q3.start,
                                            period_end=q3.end).computed_at == computed
    call_command("compute_summaries", "--start", "2025-07-01", "--end", "2025-10-01",
                 "--republish")
    assert ParticipationSummary.objects.get(scope_key="all", period_start=q3.start,
                                            period_end=q3.end).computed_at > computed
