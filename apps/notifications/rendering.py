"""Turns an outbox row into a message, always in the row's language.

Everything that depends on the language (template strings, translated event fields through
modeltranslation, dates and times in Asia/Seoul formatted for the language, URLs with the
language prefix) is produced inside `translation.override(notification.language)`: the
worker's, the sender's or an organizer's language never leaks into someone else's message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .channels import OutgoingMessage
from .kinds import get_kind
from .models import Notification


def absolute_url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _registration_context(context: dict[str, Any]) -> dict[str, Any]:
    from apps.events.models import Registration
    from apps.events.selectors import waitlist_position

    registration = (
        Registration.objects.select_related("event", "user").get(pk=context["registration_id"])
    )
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        # Anonymised registrations have no person (and no address, so no message goes out).
        "person_name": registration.user.get_short_name() if registration.user_id else "",
        "starts_at": timezone.localtime(event.starts_at),
        "ends_at": timezone.localtime(event.ends_at),
        "waitlist_position": waitlist_position(registration=registration),
        "event_url": absolute_url(reverse("events:detail", kwargs={"slug": event.slug})),
        "ticket_url": absolute_url(reverse("events:ticket", kwargs={"pk": registration.pk})),
        **{key: value for key, value in context.items() if key.startswith("change_")},
    }


def _feedback_context(context: dict[str, Any]) -> dict[str, Any]:
    from apps.feedback.models import Feedback, Reply

    feedback = Feedback.objects.select_related("event", "user").get(pk=context["feedback_id"])
    reply = (Reply.objects.get(pk=context["reply_id"], feedback=feedback)
             if context.get("reply_id") else None)
    return {
        "feedback": feedback,
        "event": feedback.event,
        "reply": reply,
        "person_name": feedback.user.get_short_name() if feedback.user_id else "",
        # Only an account can open its feedback on the site; others get everything by mail.
        "feedback_url": absolute_url(reverse("feedback:mine_detail",
                                             kwargs={"pk": feedback.pk}))
        if feedback.user_id else "",
    }


def _digest_context(context: dict[str, Any]) -> dict[str, Any]:
    from apps.insights.digest import digest_context

    return digest_context(context)


BUILDERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "registration": _registration_context,
    "event": _registration_context,
    "organizer": _digest_context,
    "feedback": _feedback_context,
}


def render_message(notification: Notification) -> OutgoingMessage:
    kind = get_kind(notification.kind)
    folder = f"emails/{notification.kind}"
    with translation.override(notification.language):
        builder = BUILDERS.get(notification.kind.split(".")[0])
        context = builder(notification.context) if builder else dict(notification.context)
        context.update({
            "person_name": context.get("person_name")
            or (notification.recipient.get_short_name() if notification.recipient else ""),
            "language": notification.language,
            "portal_url": absolute_url(reverse("core:home")),
            "preferences_url": absolute_url(reverse("notifications:preferences")),
            "portal_name": settings.PORTAL_NAME,
        })
        subject = " ".join(render_to_string(f"{folder}/subject.txt", context).split())
        text = render_to_string(f"{folder}/body.txt", context).strip() + "\n"
        html = render_to_string(f"{folder}/body.html", context)
        attachments = []
        if kind.attach_calendar and "registration" in context:
            from apps.events.ics import registration_calendar

            attachments.append((
                f"{context['event'].slug}.ics",
                registration_calendar(registration=context["registration"],
                                      event_url=context["event_url"]),
                "text/calendar",
            ))
    return OutgoingMessage(
        to=notification.address, subject=subject, text=text, html=html,
        language=notification.language, attachments=attachments,
        headers={"List-Unsubscribe": f"<{context['preferences_url']}>"},
    )
