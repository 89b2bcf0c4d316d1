"""The retention periods of the privacy policy, applied every night (tasks.retention_apply).

- Registrations: `PRIVACY_RETENTION_DAYS` days after their event ended, they are anonymised
  (anonymisation.registrations_anonymise).
- Feedback: the email address left for an answer is erased `PRIVACY_RETENTION_DAYS` days after
  the feedback was sent, whether or not it is about an event: that is what the consent notice
  on the feedback form and the privacy policy promise (feedback about an event is almost
  always sent after it, so this is also at least that long after the event).

Account data is kept until the person deletes their account (services.account_delete).
Each chunk of rows is its own transaction, so a night with many rows never holds locks long,
and a run that stops half-way is finished by the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.events.models import Registration
from apps.feedback.models import Feedback

from .anonymisation import chunks, feedback_contact_erase, registrations_anonymise

CHUNK = 1000


@dataclass(frozen=True)
class RetentionResult:
    registrations: int
    feedback: int


def retention_cutoff(*, now: datetime | None = None, days: int | None = None) -> datetime:
    """Anything that ended (an event) or was sent (feedback) before this is past retention."""
    now = now or timezone.now()
    return now - timedelta(days=settings.PRIVACY_RETENTION_DAYS if days is None else days)


def registrations_past_retention(*, cutoff: datetime) -> QuerySet[Registration]:
    return Registration.objects.filter(event__ends_at__lt=cutoff, anonymised_at__isnull=True)


def feedback_past_retention(*, cutoff: datetime) -> QuerySet[Feedback]:
    return Feedback.objects.filter(created_at__lt=cutoff).exclude(email="")


def retention_apply(*, now: datetime | None = None, days: int | None = None) -> RetentionResult:
    """Anonymises what is past its retention period; returns the counts. Harmless to run
    again: anonymised registrations and erased addresses are no longer selected."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now=now, days=days)
    registrations = 0
    ids = registrations_past_retention(cutoff=cutoff).order_by("pk").values_list("pk", flat=True)
    for chunk in chunks(list(ids), CHUNK):
        with transaction.atomic():
            registrations += registrations_anonymise(
                registrations=Registration.objects.filter(pk__in=chunk), now=now)
    feedback = 0
    ids = feedback_past_retention(cutoff=cutoff).order_by("pk").values_list("pk", flat=True)
    for chunk in chunks(list(ids), CHUNK):
        with transaction.atomic():
            feedback += feedback_contact_erase(feedback=Feedback.objects.filter(pk__in=chunk),
                                               now=now)
    return RetentionResult(registrations=registrations, feedback=feedback)
