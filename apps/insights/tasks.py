"""Thin Celery wrappers for the summaries (beat: hourly and nightly)."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task

from . import summaries


@shared_task(name="insights.summaries_hourly")
def summaries_hourly() -> int:
    """Today's rows for upcoming events. Re-running overwrites the same rows."""
    return summaries.summaries_upcoming_hourly()


@shared_task(name="insights.summaries_nightly")
def summaries_nightly() -> int:
    """Yesterday's rows for every scope. Re-running overwrites the same rows."""
    return summaries.summaries_nightly()


@shared_task(name="insights.organizer_digest")
def organizer_digest() -> int:
    """Yesterday's digest for each organizer (beat, every morning). Harmless to re-run: one
    dedupe key per organizer and day."""
    from .digest import digest_send_daily

    return digest_send_daily()


@shared_task(name="insights.summaries_periods")
def summaries_periods() -> int:
    """The month, quarter and year that contain yesterday, for every scope (beat, nightly):
    the dashboard's and open data's periods. Re-running overwrites the same rows.

    Open data publishes a quarter once it is computed after its end (decision 20): the run
    of the quarter's first day after does it. If that run was missed, the next one computes
    the last quarter; a quarter already published is left as it is."""
    from .open_data import is_final
    from .periods import period_containing, periods_containing

    yesterday = summaries.seoul_today() - timedelta(days=1)
    periods = periods_containing(yesterday)
    last_quarter = period_containing(yesterday, kind="quarter").previous()
    if not is_final(last_quarter):
        periods.append(last_quarter)
    return sum(summaries.summaries_compute(start=period.start, end=period.end)
               for period in periods)
