"""The daily organizer digest: yesterday in the organizer's events, in the organizer's language.

Registrations, cancellations, waiting-list moves and new feedback by sentiment per event (from
the event summaries), and the organizer's feedback still unanswered after the reply target:
their events and general feedback, as the admin shows it to them, with a link there.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.events.models import Event
from apps.feedback.models import Feedback
from apps.notifications.rendering import absolute_url
from apps.notifications.services import notify

from .models import ParticipationSummary
from .summaries import OPEN_STATUSES, feedback_overdue, seoul_today, summaries_compute


def _activity(figures: dict[str, Any]) -> int:
    return (figures["registrations"]["total"] + figures["cancellations"]
            + figures["promotions"] + figures["feedback"]["total"])


def unanswered_feedback_url() -> str:
    """The admin's feedback list, filtered to feedback waiting for a first reply (in the
    active language)."""
    query = urlencode({"answered_at__isnull": "True", "status__in": ",".join(OPEN_STATUSES)})
    return absolute_url(reverse("admin:feedback_feedback_changelist")) + "?" + query


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
    now = timezone.now()
    sent = 0
    for organizer in organizers:
        event_ids = sorted(
            pk for pk in organizer.organized_events.values_list("pk", flat=True)
            if pk in rows and _activity(rows[pk].figures)
        )
        if not event_ids:
            continue
        # A snapshot when the digest is recorded, like the summaries' unanswered_over_target.
        overdue = feedback_overdue(Feedback.objects.visible_to_organizer(organizer),
                                   now=now).count()
        with transaction.atomic():
            row = notify(
                kind="organizer.digest", recipient=organizer,
                language=organizer.preferred_language,
                context={"day": day.isoformat(), "event_ids": event_ids,
                         "unanswered_feedback": overdue},
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
    items = [_item(row) for row in rows]
    feedback = {key: sum(item[key] for item in items)
                for key in ("feedback", *Feedback.Sentiment.values)}
    return {
        "day": day, "items": items, "generated_at": timezone.now(),
        "feedback": feedback,
        # Digests recorded before feedback counted in them have no snapshot: none is shown.
        "unanswered_feedback": context.get("unanswered_feedback"),
        "reply_target_days": settings.FEEDBACK_REPLY_TARGET_DAYS,
        "unanswered_feedback_url": unanswered_feedback_url(),
    }


def _item(row: ParticipationSummary) -> dict[str, Any]:
    figures = row.figures
    feedback = figures.get("feedback") or {"total": 0, "by_sentiment": {}}
    return {
        "event": row.event,
        "new": figures["registrations"]["total"],
        "confirmed": figures["registrations"]["by_status"].get("confirmed", 0),
        "waitlisted": figures["registrations"]["by_status"].get("waitlisted", 0),
        "cancellations": figures["cancellations"],
        "promotions": figures["promotions"],
        "waitlist_length": figures["waitlist_length"],
        "feedback": feedback["total"],
        **{s: feedback["by_sentiment"].get(s, 0) for s in Feedback.Sentiment.values},
    }
