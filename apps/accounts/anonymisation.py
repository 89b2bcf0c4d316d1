"""What "anonymised" means for a registration and for feedback contact data (docs/privacy.md).

Two callers share these writes: a person deleting their account (services.account_delete) and
the nightly retention task (retention.py). Each is one or two UPDATE statements, so either
caller can run them over many rows.

A registration keeps what the figures count: its event, status, dates, message language and
the resident type and country snapshots. It loses the link to the person, their answers,
accessibility needs and interpretation request, and its ticket code, which is in the person's
mailbox and would let anyone holding that mail find the row again. The outbox rows about it
go too: they name the person's address next to the registration's id.

Feedback keeps its text (as the privacy policy says: without anything that identifies the
author) and loses the email address left for an answer, with the outbox rows sent to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat

from apps.events.models import Registration
from apps.feedback.models import Feedback
from apps.notifications.models import Notification

# Real ticket codes never contain an O (models.new_ticket_code), so "ANON<id>" cannot collide
# with one, stays unique, and says nothing about the person.
ANONYMOUS_TICKET_PREFIX = "ANON"


def registrations_anonymise(*, registrations: QuerySet[Registration], now: datetime) -> int:
    """Anonymises the registrations not anonymised yet; returns how many. Running it again
    over the same rows changes nothing."""
    ids = list(registrations.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    count = Registration.objects.filter(pk__in=ids).update(
        user=None,
        answers={},
        accessibility_needs="",
        interpretation_language="",
        ticket_code=Concat(Value(ANONYMOUS_TICKET_PREFIX), Cast("pk", CharField())),
        anonymised_at=now,
        updated_at=now,
    )
    Notification.objects.filter(context__registration_id__in=ids).delete()
    return count


def feedback_contact_erase(*, feedback: QuerySet[Feedback], now: datetime) -> int:
    """Erases the email left with each piece of feedback, and the messages sent to it;
    returns how many were erased. The text and the figures stay."""
    ids = list(feedback.exclude(email="").values_list("pk", flat=True))
    if not ids:
        return 0
    count = Feedback.objects.filter(pk__in=ids).update(email="", updated_at=now)
    # Messages to an account stay with the account; these went to the address alone.
    Notification.objects.filter(recipient__isnull=True, context__feedback_id__in=ids).delete()
    return count


def chunks(ids: Iterable[int], size: int) -> Iterable[list[int]]:
    chunk: list[int] = []
    for pk in ids:
        chunk.append(pk)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
