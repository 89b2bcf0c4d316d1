"""Everything the portal holds about one person, as JSON ("My data", the right of access and
to data portability: PIPA art. 35, GDPR art. 15 and 20).

The document is built with a fixed number of queries whatever the person's history. Keys are
English and values are the stored codes (language, status, country), so a program can read
it; event titles and question labels are in the language of the page that asked for it.
Secrets are never written: not the API token's key, not a second factor's secret.
Data that a deletion would remove or anonymise is all here, and the list is kept in step
with services.account_delete (tests/accounts/test_my_data.py checks both).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.db.models import Prefetch, Q
from django.utils import timezone
from rest_framework.authtoken.models import Token

from apps.events.models import Registration, RegistrationQuestion
from apps.feedback.models import Feedback, Reply
from apps.notifications.models import Notification, NotificationPreference

from .models import User
from .services import address_q, verified_addresses

FORMAT = "gangnam-global-portal/my-data"
VERSION = 1


def _when(value: datetime | None) -> str | None:
    """ISO 8601 with the offset, in Seoul time like every date on the portal."""
    return timezone.localtime(value).isoformat() if value else None


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "preferred_language": user.preferred_language,
        "resident_type": user.resident_type,
        "country": user.country.code or "",
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "privacy_consent_at": _when(user.privacy_consent_at),
        "is_staff": user.is_staff,
        "has_password": user.has_usable_password(),
    }


def _answers(registration: Registration) -> list[dict[str, Any]]:
    questions = {str(q.pk): q for q in registration.event.questions.all()}
    rows = []
    for key, value in (registration.answers or {}).items():
        question: RegistrationQuestion | None = questions.get(key)
        rows.append({"question_id": key, "question": question.label if question else None,
                     "answer": value})
    return rows


def _registration(registration: Registration) -> dict[str, Any]:
    event = registration.event
    return {
        "event": {"slug": event.slug, "title": event.title, "starts_at": _when(event.starts_at),
                  "ends_at": _when(event.ends_at)},
        "status": registration.status,
        "ticket_code": registration.ticket_code,
        "language": registration.language,
        "resident_type": registration.resident_type,
        "country": registration.country.code or "",
        "interpretation_language": registration.interpretation_language,
        "accessibility_needs": registration.accessibility_needs,
        "answers": _answers(registration),
        "privacy_consent_at": _when(registration.privacy_consent_at),
        "created_at": _when(registration.created_at),
        "promoted_at": _when(registration.promoted_at),
        "cancelled_at": _when(registration.cancelled_at),
        "checked_in_at": _when(registration.checked_in_at),
    }


def _feedback(feedback: Feedback, *, user: User) -> dict[str, Any]:
    event = feedback.event
    return {
        # Anonymous feedback that left one of the person's verified addresses for an answer.
        "sent_while_signed_in": feedback.user_id == user.pk,
        "event": {"slug": event.slug, "title": event.title} if event else None,
        "body": feedback.body,
        "email_for_answer": feedback.email,
        "page_language": feedback.ui_language,
        "public": feedback.public,
        "status": feedback.status,
        "privacy_consent_at": _when(feedback.privacy_consent_at),
        "created_at": _when(feedback.created_at),
        "analysis": {"language": feedback.language, "sentiment": feedback.sentiment,
                     "sentiment_score": feedback.sentiment_score, "topic": feedback.axis},
        "replies": [{"body": reply.body, "created_at": _when(reply.created_at)}
                    for reply in feedback.replies.all()],
    }


def _preferences(user: User) -> dict[str, bool]:
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is None:
        preference = NotificationPreference(user=user)  # the defaults everyone starts with
    fields = ["reminders", "feedback_updates"] + (["organizer_digest"] if user.is_staff else [])
    return {name: getattr(preference, name) for name in fields}


def _second_factors(user: User) -> list[dict[str, Any]]:
    if not apps.is_installed("allauth.mfa"):
        return []
    authenticator = apps.get_model("mfa", "Authenticator")
    return [
        {"type": row["type"], "created_at": _when(row["created_at"]),
         "last_used_at": _when(row["last_used_at"])}
        for row in authenticator.objects.filter(user=user).order_by("pk")
        .values("type", "created_at", "last_used_at")
    ]


def my_data(*, user: User) -> dict[str, Any]:
    """The whole document for `user`."""
    addresses = verified_addresses(user=user)
    registrations = (
        Registration.objects.filter(user=user).select_related("event")
        .prefetch_related(Prefetch("event__questions",
                                   queryset=RegistrationQuestion.objects.order_by("order", "pk")))
        .order_by("created_at", "pk")
    )
    feedback = (
        Feedback.objects.filter(Q(user=user) | (Q(user__isnull=True) & address_q("email",
                                                                                  addresses)))
        .select_related("event")
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.order_by("created_at", "pk")))
        .order_by("created_at", "pk")
    )
    messages = (
        Notification.objects.filter(
            Q(recipient=user) | (Q(recipient__isnull=True) & address_q("address", addresses)))
        .order_by("created_at", "pk")
        .values("kind", "address", "language", "status", "created_at", "sent_at")
    )
    token = Token.objects.filter(user=user).values("created").first()
    registration_rows = [_registration(r) for r in registrations]
    feedback_rows = [_feedback(f, user=user) for f in feedback]
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": _when(timezone.now()),
        "account": _account(user),
        "email_addresses": [
            {"email": row["email"], "verified": row["verified"], "primary": row["primary"]}
            for row in EmailAddress.objects.filter(user=user).order_by("pk")
            .values("email", "verified", "primary")
        ],
        "consents": _consents(user, registration_rows, feedback_rows),
        "notification_preferences": _preferences(user),
        "registrations": registration_rows,
        "feedback": feedback_rows,
        # What was sent and when; the texts are not stored, they are rendered when sent.
        "messages": [
            {"kind": row["kind"], "address": row["address"], "language": row["language"],
             "status": row["status"], "created_at": _when(row["created_at"]),
             "sent_at": _when(row["sent_at"])}
            for row in messages
        ],
        "api_token": {"created_at": _when(token["created"])} if token else None,
        "two_factor_authenticators": _second_factors(user),
    }


def _consents(user: User, registrations: list[dict[str, Any]],
              feedback: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every consent to the privacy notice, in time order: the account's and each form's."""
    consents = [{"given_for": "account", "at": _when(user.privacy_consent_at)}]
    consents += [{"given_for": "registration", "event": r["event"]["slug"],
                  "at": r["privacy_consent_at"]} for r in registrations]
    consents += [{"given_for": "feedback", "feedback_sent_at": f["created_at"],
                  "at": f["privacy_consent_at"]} for f in feedback]
    return sorted((c for c in consents if c["at"]), key=lambda c: c["at"])


def my_data_json(*, user: User, chunk_size: int = 16 * 1024) -> Iterator[str]:
    """The document as JSON text, in pieces of about `chunk_size` characters for a streamed
    response (the encoder's own pieces are a few characters each)."""
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(my_data(user=user)):
        pieces.append(piece)
        size += len(piece)
        if size >= chunk_size:
            yield "".join(pieces)
            pieces, size = [], 0
    yield "".join(pieces) + "\n"
