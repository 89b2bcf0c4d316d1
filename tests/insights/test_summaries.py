"""Summaries against figures computed independently, in Python, from the raw rows."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.events import services
from apps.events.models import Registration
from apps.insights.models import ParticipationSummary
from apps.insights.summaries import summaries_compute
from tests.factories import EventFactory, UserFactory
from tests.insights.scenario import at as _at

pytestmark = pytest.mark.django_db


def _expected(registrations, start, end, now):
    begin, finish = _at(start, 0), _at(end, 0)
    rows = list(registrations)
    created = [r for r in rows if begin <= r.created_at < finish]
    seats_ended = [r for r in created if r.status in ("confirmed", "attended")
                   and r.event.ends_at < now]
    attended_ended = [r for r in seats_ended if r.status == "attended"]
    all_rows = list(Registration.objects.all())
    returning = {
        r.user_id for r in created
        if any(o.user_id == r.user_id and o.created_at < r.created_at and o.event_id != r.event_id
               for o in all_rows)
    }
    return {
        "total": len(created),
        "by_status": {s: sum(r.status == s for r in created)
                      for s in ("confirmed", "waitlisted", "cancelled", "attended")},
        "by_resident_type": dict(Counter(r.resident_type for r in created)),
        "by_language": dict(Counter(r.language for r in created)),
        "by_country": dict(Counter(str(r.country) for r in created)),
        "participants": len({r.user_id for r in created}),
        "returning_participants": len(returning),
        "cancellations": sum(1 for r in rows
                             if r.cancelled_at and begin <= r.cancelled_at < finish),
        "promotions": sum(1 for r in rows if r.promoted_at and begin <= r.promoted_at < finish),
        "waitlist_length": sum(r.status == "waitlisted" for r in rows),
        "attendance_rate": (round(len(attended_ended) / len(seats_ended), 4)
                            if seats_ended else None),
        "attendance_base": len(seats_ended),
    }


def _check(row, registrations, start, end):
    expected = _expected(registrations.select_related("event"), start, end, timezone.now())
    figures = row.figures
    assert figures["registrations"]["total"] == expected["total"]
    assert figures["registrations"]["by_status"] == expected["by_status"]
    assert figures["registrations"]["by_resident_type"] == expected["by_resident_type"]
    assert figures["registrations"]["by_language"] == expected["by_language"]
    assert figures["registrations"]["by_country"] == expected["by_country"]
    for key in ("participants", "returning_participants", "cancellations", "promotions",
                "waitlist_length", "attendance_rate", "attendance_base"):
        assert figures[key] == expected[key], key


def test_every_scope_matches_figures_computed_from_the_raw_rows(activity):
    day = activity["day"]
    written = summaries_compute(start=day, end=day + timedelta(days=1))
    assert written == ParticipationSummary.objects.count()
    _check(ParticipationSummary.objects.get(scope_key="all"), Registration.objects.all(),
           day, day + timedelta(days=1))
    for axis in ("tech", "culture"):
        _check(ParticipationSummary.objects.get(scope_key=f"axis:{axis}"),
               Registration.objects.filter(event__axis=axis), day, day + timedelta(days=1))
    tech = activity["tech"]
    row = ParticipationSummary.objects.get(scope_key=f"event:{tech.pk}")
    _check(row, Registration.objects.filter(event=tech), day, day + timedelta(days=1))
    # The scenario really exercises the figures.
    assert row.figures["registrations"]["total"] == 4
    assert (row.figures["cancellations"], row.figures["promotions"]) == (1, 1)
    assert row.figures["returning_participants"] == 1


def test_a_longer_period_and_attendance(activity):
    day = activity["day"]
    start, end = day - timedelta(days=10), day + timedelta(days=1)
    summaries_compute(start=start, end=end)
    row = ParticipationSummary.objects.get(scope_key="axis:culture", period_start=start)
    _check(row, Registration.objects.filter(event__axis="culture"), start, end)
    assert row.figures["attendance_rate"] == 1.0


def test_recomputing_overwrites_the_row(activity):
    day = activity["day"]
    summaries_compute(start=day, end=day + timedelta(days=1))
    count = ParticipationSummary.objects.count()
    services.registration_create(event=activity["culture"], user=UserFactory(),
                                 privacy_consent=True)
    Registration.objects.filter(created_at__gte=_at(day + timedelta(days=1), 0)).update(
        created_at=_at(day, 18))
    summaries_compute(start=day, end=day + timedelta(days=1))
    assert ParticipationSummary.objects.count() == count
    _check(ParticipationSummary.objects.get(scope_key="all"), Registration.objects.all(),
           day, day + timedelta(days=1))


def test_query_count_does_not_grow_with_registrations(activity, django_assert_max_num_queries):
    day = activity["day"]
    event = activity["culture"]
    with django_assert_max_num_queries(20) as first:
        summaries_compute(start=day, end=day + timedelta(days=1), event=event)
    for _ in range(30):
        services.registration_create(event=event, user=UserFactory(), privacy_consent=True)
    with django_assert_max_num_queries(len(first.captured_queries)):
        summaries_compute(start=day, end=day + timedelta(days=1), event=event)


def test_the_command_recomputes_any_period(activity, capsys):
    day = activity["day"]
    call_command("compute_summaries", "--start", day.isoformat(),
                 "--end", (day + timedelta(days=2)).isoformat(),
                 "--event", activity["tech"].slug)
    assert ParticipationSummary.objects.filter(
        scope_key=f"event:{activity['tech'].pk}", period_end=day + timedelta(days=2)
    ).count() == 1
    assert "1 summary row(s) written" in capsys.readouterr().out


def test_the_beat_schedule_is_in_the_database():
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {"insights.summaries_hourly", "insights.summaries_nightly",
            "insights.organizer_digest", "notifications.redispatch_pending",
            "events.send_reminders"} <= tasks


@pytest.mark.django_db(transaction=True)
def test_an_event_deleted_during_the_computation_loses_only_its_own_row(monkeypatch):
    """The nightly run takes seconds; an event without registrations may be deleted meanwhile.
    Its row cannot be written (foreign key, checked at commit): the others still are."""
    from apps.insights import summaries

    day = summaries.seoul_today() - timedelta(days=1)
    kept, doomed = EventFactory(axis="tech"), EventFactory(axis="tech")
    original = summaries._feedback

    def delete_meanwhile(*args, **kwargs):
        doomed.delete()
        return original(*args, **kwargs)

    monkeypatch.setattr(summaries, "_feedback", delete_meanwhile)
    assert summaries_compute(start=day, end=day + timedelta(days=1)) == 1 + 4 + 1
    keys = set(ParticipationSummary.objects.values_list("scope_key", flat=True))
    assert f"event:{kept.pk}" in keys and f"event:{doomed.pk}" not in keys
    assert {"all", "axis:tech"} <= keys
