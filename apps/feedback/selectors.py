"""Reads of feedback for the public pages, the author's own pages and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import Feedback, Reply


def _with_replies(qs: QuerySet[Feedback]) -> QuerySet[Feedback]:
    return qs.select_related("event").prefetch_related(
        Prefetch("replies", queryset=Reply.objects.order_by("created_at", "pk"))
    )


def feedback_list_for_author(*, user: Any) -> QuerySet[Feedback]:
    if not user.is_authenticated:
        return Feedback.objects.none()
    return _with_replies(Feedback.objects.filter(user=user)).order_by("-created_at", "-pk")


def feedback_list_public(*, filters: dict[str, Any] | None = None) -> QuerySet[Feedback]:
    """Approved public feedback, newest first; filters: event (an Event or slug), axis,
    language."""
    filters = filters or {}
    qs = Feedback.objects.public()
    event = filters.get("event")
    if event:
        qs = qs.filter(event__slug=getattr(event, "slug", event))
    if filters.get("axis"):
        qs = qs.filter(axis=filters["axis"])
    if filters.get("language"):
        qs = qs.filter(language=filters["language"])
    return _with_replies(qs).order_by("-created_at", "-pk")
