"""Reads for the staff dashboard and the API: summary rows only, a fixed number of queries.

A request costs the same whatever the number of registrations or feedback: it reads the
ParticipationSummary row of the chosen scope and period, the four axis rows, the scope's daily
rows inside the period, and two small tables (agreements, events per quarter).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from apps.events.models import Axis, Event

from .models import Agreement, ParticipationSummary
from .periods import Period, period_containing, period_from_bounds, period_from_key
from .trust import TrustIndex, trust_index


@dataclass(frozen=True)
class Filters:
    period: Period
    axis: str = ""
    event: Event | None = None

    @property
    def scope_key(self) -> str:
        if self.event is not None:
            return f"event:{self.event.pk}"
        if self.axis:
            return f"axis:{self.axis}"
        return "all"


@dataclass
class Dashboard:
    filters: Filters
    figures: dict[str, Any] | None
    computed_at: Any
    trust: TrustIndex | None
    axes: list[dict[str, Any]] = field(default_factory=list)
    daily: list[dict[str, Any]] = field(default_factory=list)
    agreements: dict[str, Any] = field(default_factory=dict)
    programmes: list[dict[str, Any]] = field(default_factory=list)


def available_periods() -> list[Period]:
    """Calendar periods that have summaries, newest first (one query)."""
    bounds = (ParticipationSummary.objects.filter(scope_key="all")
              .values_list("period_start", "period_end").distinct())
    periods = {period for start, end in bounds
               if (period := period_from_bounds(start, end)) is not None}
    order = {"year": 0, "quarter": 1, "month": 2}
    return sorted(periods, key=lambda p: (-p.start.toordinal(), order[p.kind]))


def default_period(*, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    periods = available_periods()
    return periods[0] if periods else period_containing(today, kind="year")


def _row(scope_key: str, period: Period) -> ParticipationSummary | None:
    return ParticipationSummary.objects.filter(
        scope_key=scope_key, period_start=period.start, period_end=period.end
    ).first()


def _axes(period: Period, all_figures: dict[str, Any] | None) -> list[dict[str, Any]]:
    rows = {row.axis: row for row in ParticipationSummary.objects.filter(
        scope="axis", period_start=period.start, period_end=period.end)}
    total = (all_figures or {}).get("registrations", {}).get("total") or 0
    axes = []
    for axis, label in Axis.choices:
        row = rows.get(axis)
        figures = row.figures if row else {}
        registrations = figures.get("registrations", {}).get("total", 0)
        feedback = figures.get("feedback", {})
        axes.append({
            "axis": axis, "label": label, "registrations": registrations,
            "share": round(registrations / total, 4) if total else None,
            "centrality": feedback.get("axis_centrality"),
            "mean_sentiment": feedback.get("mean_sentiment_score"),
            "feedback": feedback.get("total", 0),
            "trust": trust_index(figures) if row else None,
        })
    return axes


def _daily(scope_key: str, period: Period) -> list[dict[str, Any]]:
    rows = ParticipationSummary.objects.filter(
        scope_key=scope_key, period_start__gte=period.start, period_end__lte=period.end,
    ).order_by("period_start").values("period_start", "period_end", "figures")
    return [{
        "day": row["period_start"],
        "registrations": row["figures"].get("registrations", {}).get("total", 0),
        "feedback": row["figures"].get("feedback", {}).get("total", 0),
    } for row in rows if row["period_end"] - row["period_start"] == timedelta(days=1)]


def agreements_per_year(*, year: int, until: date | None = None) -> dict[str, Any]:
    """Signed agreements this year and last year, and the change (the "+25 %" target).
    With `until`: signed before that day only."""
    agreements = Agreement.objects.filter(
        status__in=[Agreement.Status.SIGNED, Agreement.Status.EXPIRED],
        signed_on__year__in=[year - 1, year],
    )
    if until is not None:
        agreements = agreements.filter(signed_on__lt=until)
    counts = dict(agreements.order_by().annotate(year=ExtractYear("signed_on")).values_list("year")
        .annotate(n=Count("pk")))
    this, last = counts.get(year, 0), counts.get(year - 1, 0)
    change = round((this - last) / last, 4) if last else None
    return {"year": year, "this_year": this, "last_year": last, "change": change,
            "target": 0.25, "meets_target": None if change is None else change >= 0.25}


def programmes_per_quarter(*, year: int, axis: str = "",
                           until: date | None = None) -> list[dict[str, Any]]:
    """Citizen-participation programmes held (published events that started) per quarter.
    With `until`: the quarters that start before that day, counting events started before
    it."""
    events = Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__year=year,
                                  starts_at__lte=timezone.now())
    quarters = (1, 2, 3, 4)
    if until is not None:
        events = events.filter(
            starts_at__lt=timezone.make_aware(datetime.combine(until, time.min)))
        quarters = tuple(q for q in quarters if period_from_key(f"{year}-Q{q}").start < until)
    if axis:
        events = events.filter(axis=axis)
    # order_by(): the model's default ordering would split the groups.
    counts = dict(events.order_by().annotate(quarter=ExtractQuarter("starts_at"))
                  .values_list("quarter").annotate(n=Count("pk")))
    return [{"quarter": q, "label": f"Q{q}", "count": counts.get(q, 0)} for q in quarters]


def dashboard_data(*, filters: Filters) -> Dashboard:
    row = _row(filters.scope_key, filters.period)
    all_row = row if filters.scope_key == "all" else _row("all", filters.period)
    figures = row.figures if row else None
    year = filters.period.start.year
    return Dashboard(
        filters=filters,
        figures=figures,
        computed_at=row.computed_at if row else None,
        trust=trust_index(figures) if figures else None,
        axes=_axes(filters.period, all_row.figures if all_row else None),
        daily=_daily(filters.scope_key, filters.period),
        agreements=agreements_per_year(year=year),
        programmes=programmes_per_quarter(year=year, axis=filters.axis),
    )


def events_for_filter(*, user) -> list[Event]:
    """The events a staff member may pick: their own (all for superusers)."""
    return list(Event.objects.organized_by(user).exclude(status=Event.Status.DRAFT)
                .order_by("-starts_at").only("pk", "slug", "title", "starts_at", "axis"))
