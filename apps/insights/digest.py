"""The daily organizer digest: yesterday in the organizer's events, in the organizer's language."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.events.models import Event
from apps.notifications.services import notify

from .models import ParticipationSummary
from .summaries import seoul_today, summaries_compute

ACTIVITY = ("total", "cancellations", "promotions")


def _activity(figures: dict[str, Any]) -> int:
    return (figures["registrations"]["total"] + figures["cancellations"]
            + figures["promotions"])


def digest_send_daily(*, day: date | None = None) -> int:
    """Computes `day`'s event summaries (default: yesterday) and records one digest per
    organizer who had activity in their events. The dedupe key (organizer, day) makes a
    re-run harmless. Returns the number of digests recorded."""
    day = day or seoul_today() - timedelta(days=1)
    events = list(Event.objects.exclude(status=Event.Status.DRAFT)
                  .filter(organizers__isnull=False).distinct())
    summaries_compute(start=day, end=day + timedelta(days=1), events=events)
    rows = {
        row.event_id: row for row in ParticipationSummary.objects.filter(
            scope=ParticipationSummary.Scope.EVENT, period_start=day,
            period_end=day + timedelta(days=1), event__in=events,
        )
    }
    organizers = User.objects.filter(is_active=True, is_staff=True,
                                     organized_events__in=events).distinct()
    sent = 0
    for organizer in organizers:
        event_ids = sorted(
            pk for pk in organizer.organized_events.values_list("pk", flat=True)
            if pk in rows and _activity(rows[pk].figures)
        )
        if not event_ids:
            continue
        with transaction.atomic():
            row = notify(
                kind="organizer.digest", recipient=organizer,
                language=organizer.preferred_language,
                context={"day": day.isoformat(), "event_ids": event_ids},
                dedupe_key=f"digest:{organizer.pk}:{day.isoformat()}",
            )
        sent += row is not None
    return sent


def digest_context(context: dict[str, Any]) -> dict[str, Any]:
    """Rendering context (called under the recipient's language)."""
    day = date.fromisoformat(context["day"])
    rows = (
        ParticipationSummary.objects.filter(
            scope=ParticipationSummary.Scope.EVENT, period_start=day,
            period_end=day + timedelta(days=1), event_id__in=context["event_ids"],
        ).select_related("event").order_by("event__starts_at")
    )
    items = [{
        "event": row.event,
        "new": row.figures["registrations"]["total"],
        "confirmed": row.figures["registrations"]["by_status"].get("confirmed", 0),
        "waitlisted": row.figures["registrations"]["by_status"].get("waitlisted", 0),
        "cancellations": row.figures["cancellations"],
        "promotions": row.figures["promotions"],
        "waitlist_length": row.figures["waitlist_length"],
    } for row in rows]
    return {"day": day, "items": items, "generated_at": timezone.now()}
