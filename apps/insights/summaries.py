"""Participation summaries: SQL aggregation into ParticipationSummary rows.

Every figure is computed by the database with grouped statements (`values().annotate()`,
`aggregate`), never by looping over registrations or feedback in Python. Each level is a fixed
number of statements whatever the number of events: the counts are grouped by event (and by
the few columns of the breakdowns) in one pass, and Python adds those groups up into the event,
axis and "all" scopes; only the figures that cannot be added up take a statement per level: the
median time to reply, and distinct people (on PostgreSQL one GROUPING SETS statement serves all
levels). All rows are written with one upsert, so a re-run of a period overwrites its rows
(unique on the scope key and the period). Measurements: docs/performance.md.

Scopes: each non-draft event, each axis (its non-draft events) and "all" (every non-draft
event). The period [start, end) is made of Seoul days.

Registration figures per scope:
- registrations: new registrations by status now (confirmed, waitlisted, cancelled, attended),
  by resident type, by language and by country; participants (distinct people);
- cancellations and promotions that happened in the period;
- attendance_rate: attended / (confirmed + attended) among the period's registrations for events
  that have ended (None before any event ended);
- waitlist_length: people on the waiting list at computation time (events in scope);
- returning_participants: people registered in the period who had registered for an earlier
  event before (for the trust index's retention).

Feedback figures (`figures["feedback"]`): feedback written in the period (`created_at`).
Feedback hidden as spam is left out of every figure. Membership:
- event scope: feedback about that event;
- axis scope: feedback about that axis's (non-draft) events, plus general feedback (no event)
  whose analysed axis is that axis;
- all: all feedback, general feedback and feedback about any event.

- total; by_sentiment (analysed sentiment counts) and sentiment_share (each sentiment over
  the feedback with an analysed sentiment; None when there is none);
- mean_sentiment_score (None when no score) and delta_sentiment: the mean of this period minus
  the mean of the previous period of the same length (None when either is None);
- by_language (detected; "" while undetected), by_axis (analysed axis counts) and axis_share
  (each axis over the feedback with an analysed axis);
- axis_centrality: in an event or axis scope, the share of its feedback with an analysed axis
  whose axis is the scope's axis (None for "all" and when nothing is analysed);
- answered (a first reply exists), reply_rate (answered / total), answered_within_target (first
  reply within settings.FEEDBACK_REPLY_TARGET_DAYS days), median_hours_to_reply (among the
  answered; a window function, on SQLite and PostgreSQL alike);
- unanswered_over_target: a snapshot at computation time, like waitlist_length: feedback in
  scope, of any date, received or in review, without a reply, older than the reply target.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from apps.events.models import Axis, Event, Registration
from apps.feedback.models import Feedback, FeedbackAxis

from .models import ParticipationSummary

SEOUL = ZoneInfo("Asia/Seoul")
STATUSES = [choice for choice, _label in Registration.Status.choices]
SENTIMENTS = list(Feedback.Sentiment.values)
FEEDBACK_AXES = list(FeedbackAxis.values)
OPEN_STATUSES = (Feedback.Status.RECEIVED, Feedback.Status.IN_REVIEW)
ALL = "all"


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Days are Seoul days."""
    return (datetime.combine(start, time.min, tzinfo=SEOUL),
            datetime.combine(end, time.min, tzinfo=SEOUL))


def _share(part: float, whole: float, digits: int = 4) -> float | None:
    return round(part / whole, digits) if whole else None


def reply_target() -> timedelta:
    return timedelta(days=settings.FEEDBACK_REPLY_TARGET_DAYS)


def feedback_overdue(queryset: QuerySet[Feedback], *, now: datetime) -> QuerySet[Feedback]:
    """Feedback still waiting for a first reply after the reply target (the digest uses it
    too, so the organizer's count and the summaries agree)."""
    return queryset.filter(status__in=OPEN_STATUSES, answered_at__isnull=True,
                           created_at__lt=now - reply_target())


# --- Scopes ---------------------------------------------------------------------------------

@dataclass
class _Scope:
    key: str
    scope: str
    event: Event | None = None
    axis: str = ""
    events: int = 0
    # Registrations
    by_status: Counter = field(default_factory=Counter)
    by_resident_type: Counter = field(default_factory=Counter)
    by_language: Counter = field(default_factory=Counter)
    by_country: Counter = field(default_factory=Counter)
    ended_seats: int = 0
    ended_attended: int = 0
    moves: Counter = field(default_factory=Counter)
    participants: int = 0
    returning: int = 0
    # Feedback
    fb: Counter = field(default_factory=Counter)
    fb_sentiment: Counter = field(default_factory=Counter)
    fb_language: Counter = field(default_factory=Counter)
    fb_axis: Counter = field(default_factory=Counter)
    fb_score_sum: float = 0.0
    fb_prev_score_sum: float = 0.0
    median_hours: float | None = None

    def figures(self) -> dict[str, Any]:
        registrations = sum(self.by_status.values())
        return {
            "registrations": {
                "total": registrations,
                "by_status": {status: self.by_status[status] for status in STATUSES},
                "by_resident_type": dict(self.by_resident_type),
                "by_language": dict(self.by_language),
                "by_country": dict(self.by_country),
            },
            "participants": self.participants,
            "returning_participants": self.returning,
            "attendance_rate": _share(self.ended_attended, self.ended_seats),
            # The rate's base, so public figures can withhold a rate over fewer than 5 seats.
            "attendance_base": self.ended_seats,
            "events": self.events,
            "cancellations": self.moves["cancellations"],
            "promotions": self.moves["promotions"],
            "waitlist_length": self.moves["waitlist_length"],
            "feedback": self._feedback(),
        }

    def _feedback(self) -> dict[str, Any]:
        fb = self.fb
        analysed = sum(self.fb_sentiment[s] for s in SENTIMENTS)
        with_axis = sum(self.fb_axis[a] for a in FEEDBACK_AXES)
        mean = self.fb_score_sum / fb["scored"] if fb["scored"] else None
        previous = self.fb_prev_score_sum / fb["prev_scored"] if fb["prev_scored"] else None
        return {
            "total": fb["total"],
            # The bases of the mean and of ΔSentiment (open data suppresses small ones).
            "scored": fb["scored"],
            "previous_scored": fb["prev_scored"],
            "by_sentiment": {s: self.fb_sentiment[s] for s in SENTIMENTS},
            "sentiment_share": {s: _share(self.fb_sentiment[s], analysed) for s in SENTIMENTS},
            "mean_sentiment_score": round(mean, 4) if mean is not None else None,
            "delta_sentiment": (round(mean - previous, 4)
                                if mean is not None and previous is not None else None),
            "by_language": dict(self.fb_language),
            "by_axis": {a: self.fb_axis[a] for a in FEEDBACK_AXES},
            "axis_share": {a: _share(self.fb_axis[a], with_axis) for a in FEEDBACK_AXES},
            "axis_centrality": (None if self.scope == ALL
                                else _share(self.fb_axis[self.axis], with_axis)),
            "answered": fb["answered"],
            "reply_rate": _share(fb["answered"], fb["total"]),
            "answered_within_target": fb["within_target"],
            "median_hours_to_reply": self.median_hours,
            "unanswered_over_target": fb["overdue"],
        }


class _Scopes:
    """The scopes being computed, and which of them a group of rows adds to."""

    def __init__(self, events: list[Event], *, levels: bool) -> None:
        self.levels = levels
        self.events = {e.pk: e for e in events}
        self.by_key: dict[str, _Scope] = {}
        if levels:
            self.by_key[ALL] = _Scope(ALL, ParticipationSummary.Scope.ALL, events=len(events))
            for axis in Axis.values:
                self.by_key[f"axis:{axis}"] = _Scope(
                    f"axis:{axis}", ParticipationSummary.Scope.AXIS, axis=axis,
                    events=sum(e.axis == axis for e in events))
        for e in events:
            self.by_key[f"event:{e.pk}"] = _Scope(f"event:{e.pk}", ParticipationSummary.Scope.EVENT,
                                                  event=e, axis=e.axis, events=1)

    def event(self, pk: int | None) -> _Scope | None:
        return self.by_key.get(f"event:{pk}")

    def axis(self, axis: str) -> _Scope | None:
        return self.by_key.get(f"axis:{axis}")

    def of_registrations(self, event_id: int) -> list[_Scope]:
        """Registration groups: their event, its axis, everything."""
        if event_id not in self.events:
            return []
        if not self.levels:
            return [self.event(event_id)]
        return [self.event(event_id), self.axis(self.events[event_id].axis), self.by_key[ALL]]

    def of_feedback(self, event_id: int | None, axis: str) -> list[_Scope]:
        """Feedback groups: see the module docstring for membership."""
        if event_id is not None and event_id in self.events:
            scopes = [self.event(event_id), self.axis(self.events[event_id].axis)]
        elif event_id is None:
            scopes = [self.axis(axis)]  # general feedback: its analysed axis
        else:
            scopes = []  # an event outside the scopes (a draft): "all" only
        if self.levels:
            scopes.append(self.by_key[ALL])
        return [s for s in scopes if s is not None]


# --- Registrations --------------------------------------------------------------------------

def _registrations(scopes: _Scopes, registrations: QuerySet[Registration], *,
                   begin: datetime, finish: datetime, now: datetime) -> None:
    created = registrations.filter(created_at__gte=begin, created_at__lt=finish)
    # One pass for the counts by status and the three breakdowns, grouped by event: a few
    # hundred groups per event, added up here into the event, its axis and everything.
    groups = (created.order_by()
              .values("event", "status", "resident_type", "language", "country")
              .annotate(n=Count("pk")))
    seat_statuses = set(Registration.SEAT_STATUSES)
    for g in groups:
        event = scopes.events.get(g["event"])
        ended = event is not None and event.ends_at < now
        for scope in scopes.of_registrations(g["event"]):
            n = g["n"]
            scope.by_status[g["status"]] += n
            scope.by_resident_type[str(g["resident_type"] or "")] += n
            scope.by_language[str(g["language"] or "")] += n
            scope.by_country[str(g["country"] or "")] += n
            if ended and g["status"] in seat_statuses:
                scope.ended_seats += n
                if g["status"] == Registration.Status.ATTENDED:
                    scope.ended_attended += n

    cancelled = Q(cancelled_at__gte=begin, cancelled_at__lt=finish)
    promoted = Q(promoted_at__gte=begin, promoted_at__lt=finish)
    waiting = Q(status=Registration.Status.WAITLISTED)
    moves = (registrations.filter(cancelled | promoted | waiting).order_by().values("event")
             .annotate(cancellations=Count("pk", filter=cancelled),
                       promotions=Count("pk", filter=promoted),
                       waitlist_length=Count("pk", filter=waiting)))
    for g in moves:
        for scope in scopes.of_registrations(g["event"]):
            scope.moves.update({k: g[k] for k in ("cancellations", "promotions",
                                                  "waitlist_length")})

    _people(scopes, created)


def _people(scopes: _Scopes, created: QuerySet[Registration]) -> None:
    """Participants and returning participants. Distinct people cannot be added up across
    events, so each level needs its own distinct count: on PostgreSQL all levels come from
    one GROUPING SETS statement (one pass instead of six, see docs/performance.md); elsewhere,
    and for events alone, one grouped statement per level and figure."""
    earlier = Registration.objects.filter(
        user=OuterRef("user"), created_at__lt=OuterRef("created_at")
    ).exclude(event=OuterRef("event"))
    returning = created.filter(Exists(earlier))
    if scopes.levels and connection.vendor == "postgresql":
        _people_grouping_sets(scopes, created, returning)
        return
    for level, column in _levels(scopes, "event", "event__axis"):
        for attribute, queryset in (("participants", created), ("returning", returning)):
            for key, n in _distinct_users(queryset, column):
                scope = level(key)
                if scope is not None:
                    setattr(scope, attribute, n)


def _people_grouping_sets(scopes: _Scopes, created: QuerySet[Registration],
                          returning: QuerySet[Registration]) -> None:
    """The ORM writes both subqueries; only the grouping, which it cannot express, is SQL
    here. GROUPING(event, axis) is 0 for an event's row, 2 for an axis's, 3 for everything."""
    people_sql, people_params = (
        created.order_by().annotate(rid=F("pk"), ev=F("event"), ax=F("event__axis"),
                                    person=F("user"))
        .values("rid", "ev", "ax", "person").query.sql_with_params()
    )
    returning_sql, returning_params = (
        returning.order_by().annotate(rid=F("pk")).values("rid").query.sql_with_params()
    )
    # Both subqueries are the ORM's compiled SQL, their values passed as parameters (bandit's
    # B608, SQL built from strings, is answered on the line that formats them in).
    sql = (
        "SELECT p.ev, p.ax, GROUPING(p.ev, p.ax), COUNT(DISTINCT p.person), "  # noqa: S608
        "COUNT(DISTINCT p.person) FILTER (WHERE r.rid IS NOT NULL) "
        f"FROM ({people_sql}) p LEFT JOIN ({returning_sql}) r ON r.rid = p.rid "  # nosec B608
        "GROUP BY GROUPING SETS ((p.ev, p.ax), (p.ax), ())"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*people_params, *returning_params))
        for event_id, axis, grouping, participants, returning_count in cursor.fetchall():
            scope = (scopes.event(event_id) if grouping == 0
                     else scopes.axis(axis) if grouping == 2 else scopes.by_key[ALL])
            if scope is not None:
                scope.participants, scope.returning = participants, returning_count


def _levels(scopes: _Scopes, event_column: Any, axis_column: Any
            ) -> Iterator[tuple[Callable[[Any], _Scope | None], Any]]:
    """(scope lookup, grouping column or None for everything) for each level computed."""
    yield scopes.event, event_column
    if scopes.levels:
        yield scopes.axis, axis_column
        yield (lambda _key: scopes.by_key[ALL]), None


def _distinct_users(queryset: QuerySet[Registration], column: str | None
                    ) -> Iterable[tuple[Any, int]]:
    if column is None:
        return [(None, queryset.aggregate(n=Count("user", distinct=True))["n"])]
    rows = queryset.order_by().values(column).annotate(n=Count("user", distinct=True))
    return [(row[column], row["n"]) for row in rows]


# --- Feedback -------------------------------------------------------------------------------

def _feedback(scopes: _Scopes, feedback: QuerySet[Feedback], *, begin: datetime,
              finish: datetime, now: datetime) -> None:
    previous_begin = begin - (finish - begin)
    current = Q(created_at__gte=begin)
    previous = Q(created_at__lt=begin)
    answered = Q(answered_at__isnull=False)
    # One pass over this period and the previous one, grouped by event and by the analysed
    # columns: every count and score sum adds up into the scopes.
    groups = (
        feedback.filter(created_at__gte=previous_begin, created_at__lt=finish).order_by()
        .values("event", "axis", "sentiment", "language")
        .annotate(
            total=Count("pk", filter=current),
            scored=Count("sentiment_score", filter=current),
            score_sum=Sum("sentiment_score", filter=current),
            prev_scored=Count("sentiment_score", filter=previous),
            prev_score_sum=Sum("sentiment_score", filter=previous),
            answered=Count("pk", filter=current & answered),
            within_target=Count("pk", filter=current & Q(
                answered_at__lte=F("created_at") + reply_target())),
        )
    )
    for g in groups:
        for scope in scopes.of_feedback(g["event"], g["axis"]):
            scope.fb.update({k: g[k] for k in ("total", "scored", "prev_scored", "answered",
                                               "within_target")})
            scope.fb_score_sum += g["score_sum"] or 0.0
            scope.fb_prev_score_sum += g["prev_score_sum"] or 0.0
            if g["total"]:
                scope.fb_language[g["language"] or ""] += g["total"]
                if g["sentiment"]:
                    scope.fb_sentiment[g["sentiment"]] += g["total"]
                if g["axis"]:
                    scope.fb_axis[g["axis"]] += g["total"]

    overdue = (feedback_overdue(feedback, now=now).order_by().values("event", "axis")
               .annotate(n=Count("pk")))
    for g in overdue:
        for scope in scopes.of_feedback(g["event"], g["axis"]):
            scope.fb["overdue"] += g["n"]

    replied = feedback.filter(created_at__gte=begin, created_at__lt=finish,
                              answered_at__isnull=False)
    scope_axis = Case(When(event__isnull=True, then=F("axis")), default=F("event__axis"))
    for level, column in _levels(scopes, F("event"), scope_axis):
        for key, hours in _median_hours(replied, column):
            scope = level(key)
            if scope is not None:
                scope.median_hours = hours


def _median_hours(replied: QuerySet[Feedback], column: Any) -> list[tuple[Any, float]]:
    """Median time to the first reply per group (column None: one group). Each row is
    numbered within its group by its wait, and only the middle row (odd size) or the two
    middle rows (even size) come back: at most two rows per group leave the database."""
    wait = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    queryset = replied.order_by()
    partition = None
    if column is not None:
        queryset = queryset.annotate(bucket=column)
        partition = [F("bucket")]
    middle = (
        queryset.annotate(
            wait=wait,
            position=Window(RowNumber(), partition_by=partition,
                            order_by=[wait.asc(), F("pk").asc()]),
            size=Window(Count("pk"), partition_by=partition),
        )
        # Integer division: size 5 keeps 3..3, size 4 keeps 2..3.
        .filter(position__gte=(F("size") + 1) / 2, position__lte=(F("size") + 2) / 2)
        .values_list("bucket" if column is not None else "size", "wait")
    )
    waits: dict[Any, list[timedelta]] = defaultdict(list)
    for bucket, duration in middle:
        waits[bucket if column is not None else None].append(duration)
    return [(bucket, round(sum(d.total_seconds() for d in ds) / len(ds) / 3600, 2))
            for bucket, ds in waits.items()]


# --- Entry points ---------------------------------------------------------------------------

def summaries_compute(*, start: date, end: date, event: Event | None = None,
                      events: list[Event] | None = None) -> int:
    """Computes (or recomputes) the period's rows; returns how many were written.

    Without `event` / `events`: every non-draft event, every axis and everything. With them:
    those events' rows only."""
    if end <= start:
        raise ValueError("the period must end after it starts")
    begin, finish = _bounds(start, end)
    now = timezone.now()
    levels = event is None and events is None
    if levels:
        chosen = list(Event.objects.exclude(status=Event.Status.DRAFT).only("pk", "axis",
                                                                             "ends_at"))
        registrations = Registration.objects.filter(
            event__in=Event.objects.exclude(status=Event.Status.DRAFT).values("pk"))
        feedback = Feedback.objects.all()
    else:
        chosen = [event] if event is not None else list(events)
        ids = [e.pk for e in chosen]
        registrations = Registration.objects.filter(event__in=ids)
        feedback = Feedback.objects.filter(event__in=ids)
    scopes = _Scopes(chosen, levels=levels)
    if not scopes.by_key:
        return 0
    feedback = feedback.exclude(status=Feedback.Status.HIDDEN)
    _registrations(scopes, registrations, begin=begin, finish=finish, now=now)
    _feedback(scopes, feedback, begin=begin, finish=finish, now=now)
    rows = [
        ParticipationSummary(scope=s.scope, scope_key=s.key, event=s.event, axis=s.axis,
                             period_start=start, period_end=end, figures=s.figures(),
                             computed_at=now)
        for s in scopes.by_key.values()
    ]
    try:
        _write(rows)
    except IntegrityError:
        # An event was deleted while the figures were computed (only events without
        # registrations can be): write the other rows rather than none.
        alive = set(Event.objects.filter(pk__in=[r.event_id for r in rows if r.event_id])
                    .values_list("pk", flat=True))
        rows = [r for r in rows if r.event_id is None or r.event_id in alive]
        _write(rows)
    return len(rows)


def _write(rows: list[ParticipationSummary]) -> None:
    """One upsert for every row: re-computing a period overwrites its rows."""
    with transaction.atomic():
        ParticipationSummary.objects.bulk_create(
            rows, update_conflicts=True,
            unique_fields=["scope_key", "period_start", "period_end"],
            update_fields=["scope", "event", "axis", "figures", "computed_at", "updated_at"],
        )


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
