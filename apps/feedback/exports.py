"""CSV export of feedback for organizers (admin action). The original text as written, with
the analysis beside it; no email addresses: answers go through the portal."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.csv_export import csv_response, local_datetime

from .languages import language_name
from .models import Feedback


def feedback_rows(feedback: QuerySet[Feedback]) -> Iterator[list[str]]:
    yield [_("Number"), _("Received at"), _("Event"), _("Language"), _("Sentiment"),
           _("Sentiment score"), _("Topic"), _("Status"), _("Public"), _("Replies"),
           _("First answered at"), _("Feedback")]
    rows = (feedback.select_related("event").annotate(reply_count=Count("replies"))
            .order_by("created_at", "pk").iterator(chunk_size=500))
    for item in rows:
        yield [
            str(item.pk), local_datetime(item.created_at),
            (item.event.title_ko or item.event.title) if item.event else "",
            language_name(item.language), item.get_sentiment_display(),
            "" if item.sentiment_score is None else f"{item.sentiment_score:.2f}",
            item.get_axis_display(), item.get_status_display(),
            _("Yes") if item.public and item.approved_at else _("No"),
            str(item.reply_count), local_datetime(item.answered_at), item.body,
        ]


def feedback_csv_response(feedback: QuerySet[Feedback]) -> StreamingHttpResponse:
    return csv_response(feedback_rows(feedback),
                        filename=f"feedback-{timezone.localdate():%Y%m%d}.csv")
