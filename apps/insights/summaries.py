"""Participation summaries: SQL aggregation into ParticipationSummary rows.

Every figure is computed by the database (`aggregate` / `values().annotate()`), never by
looping over registrations in Python, so a period over a million rows costs a handful of
queries per scope. Re-computing a period overwrites its row (update_or_create on the scope
key and the period).

Figures per scope and period [start, end):
- registrations: new registrations by status now (confirmed, waitlisted, cancelled, attended),
  by resident type, by language and by country;
- cancellations and promotions that happened in the period;
- attendance_rate: attended / (confirmed + attended) among the period's registrations for events
  that have ended (None before any event ended);
- waitlist_length: people on the waiting list at computation time (events in scope);
- returning_participants: people registered in the period who had registered for an earlier
  event before (for the trust index's retention).
Feedback figures join these when the feedback app lands.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from apps.events.models import Axis, Event, Registration

from .models import ParticipationSummary

SEOUL = ZoneInfo("Asia/Seoul")
STATUSES = [choice for choice, _label in Registration.Status.choices]


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Days are Seoul days."""
    return (datetime.combine(start, time.min, tzinfo=SEOUL),
            datetime.combine(end, time.min, tzinfo=SEOUL))


def _breakdown(qs: QuerySet, field: str) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(n=Count("pk"))
    return {str(row[field] or ""): row["n"] for row in rows}


def compute_figures(*, registrations: QuerySet[Registration], events: QuerySet[Event],
                    start: date, end: date) -> dict[str, Any]:
    begin, finish = _bounds(start, end)
    now = timezone.now()
    created = registrations.filter(created_at__gte=begin, created_at__lt=finish)
    status_counts = created.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in STATUSES},
        ended_seats=Count("pk", filter=Q(status__in=Registration.SEAT_STATUSES,
                                         event__ends_at__lt=now)),
        ended_attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED,
                                            event__ends_at__lt=now)),
    )
    moves = registrations.aggregate(
        cancellations=Count("pk", filter=Q(cancelled_at__gte=begin, cancelled_at__lt=finish)),
        promotions=Count("pk", filter=Q(promoted_at__gte=begin, promoted_at__lt=finish)),
        waitlist_length=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    earlier = Registration.objects.filter(
        user=OuterRef("user"), created_at__lt=OuterRef("created_at")
    ).exclude(event=OuterRef("event"))
    people = created.order_by().values("user").distinct()
    returning = (
        created.annotate(returning=Exists(earlier)).filter(returning=True)
        .order_by().values("user").distinct().count()
    )
    ended_seats = status_counts.pop("ended_seats")
    ended_attended = status_counts.pop("ended_attended")
    return {
        "registrations": {
            "total": status_counts.pop("total"),
            "by_status": status_counts,
            "by_resident_type": _breakdown(created, "resident_type"),
            "by_language": _breakdown(created, "language"),
            "by_country": _breakdown(created, "country"),
        },
        "participants": people.count(),
        "returning_participants": returning,
        "attendance_rate": round(ended_attended / ended_seats, 4) if ended_seats else None,
        "events": events.count(),
        **moves,
    }


def _scopes(*, event: Event | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(scope_key, fields) for each event, each axis and everything; or for one event."""
    if event is not None:
        return [(f"event:{event.pk}", {"scope": "event", "event": event, "axis": event.axis})]
    scopes = [("all", {"scope": "all", "event": None, "axis": ""})]
    scopes += [(f"axis:{axis}", {"scope": "axis", "event": None, "axis": axis})
               for axis in Axis.values]
    scopes += [(f"event:{e.pk}", {"scope": "event", "event": e, "axis": e.axis})
               for e in Event.objects.exclude(status=Event.Status.DRAFT)]
    return scopes


def _querysets(fields: dict[str, Any]) -> tuple[QuerySet[Registration], QuerySet[Event]]:
    events = Event.objects.exclude(status=Event.Status.DRAFT)
    if fields["scope"] == "event":
        events = events.filter(pk=fields["event"].pk)
    elif fields["scope"] == "axis":
        events = events.filter(axis=fields["axis"])
    return Registration.objects.filter(event__in=events), events


def summaries_compute(*, start: date, end: date, event: Event | None = None,
                      events: list[Event] | None = None) -> int:
    """Computes (or recomputes) the period's rows; returns how many were written."""
    if end <= start:
        raise ValueError("the period must end after it starts")
    scopes = (
        [scope for e in events for scope in _scopes(event=e)] if events is not None
        else _scopes(event=event)
    )
    now = timezone.now()
    for scope_key, fields in scopes:
        registrations, scope_events = _querysets(fields)
        figures = compute_figures(registrations=registrations, events=scope_events,
                                  start=start, end=end)
        with transaction.atomic():
            ParticipationSummary.objects.update_or_create(
                scope_key=scope_key, period_start=start, period_end=end,
                defaults={**fields, "figures": figures, "computed_at": now},
            )
    return len(scopes)


def seoul_today() -> date:
    return timezone.localtime(timezone.now(), SEOUL).date()


def summaries_nightly() -> int:
    """Yesterday, for every scope (beat, every night)."""
    today = seoul_today()
    return summaries_compute(start=today - timedelta(days=1), end=today)


def summaries_upcoming_hourly() -> int:
    """Today so far, for each upcoming event (beat, hourly), so organizers see today move."""
    today = seoul_today()
    upcoming = list(Event.objects.published().upcoming())
    return summaries_compute(start=today, end=today + timedelta(days=1), events=upcoming)
