"""CSV export of registrations for organizers (admin action "Export to CSV").

Streamed row by row from a database iterator (Excel-ready, formula cells defused: see
apps/core/csv_export.py), so an export of tens of thousands of registrations never sits in
memory at once.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from apps.accounts.models import User
from apps.core.csv_export import csv_response
from apps.core.csv_export import local_datetime as _local

from .models import ANONYMISED, Event, Registration, RegistrationQuestion

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


def _questions_for(registrations: QuerySet[Registration]) -> list[RegistrationQuestion]:
    """The union of the questions of every event in the export, in programme order."""
    return list(
        RegistrationQuestion.objects.filter(
            event__in=Event.objects.filter(
                pk__in=registrations.order_by().values("event_id")
            )
        )
        .select_related("event")
        .order_by("event__starts_at", "event_id", "order", "pk")
    )


def _question_headers(questions: list[RegistrationQuestion]) -> list[str]:
    """Korean labels, the source language. Two events asking the same question keep their
    own columns (their options may differ), named after their event so they can be told apart."""
    labels = [q.label_ko or q.label for q in questions]
    repeated = {label for label, count in Counter(labels).items() if count > 1}
    return [
        f"{label} ({q.event.title_ko or q.event.slug})" if label in repeated else label
        for label, q in zip(labels, questions, strict=True)
    ]


def _answer(question: RegistrationQuestion, answers: dict) -> str:
    value = answers.get(str(question.pk))
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def registration_rows(registrations: QuerySet[Registration]) -> Iterator[list[str]]:
    """The header, then one row per registration. Two queries in all, whatever the size."""
    questions = _questions_for(registrations)
    languages = dict(settings.LANGUAGES)
    resident_types = dict(User.ResidentType.choices)
    yield [
        _("Event"),
        _("Ticket code"),
        _("Status"),
        pgettext("person", "Name"),
        _("Email"),
        _("Language for messages"),
        _("Resident type"),
        _("Country"),
        _("Interpretation wanted"),
        _("Accessibility needs"),
        _("Registered at"),
        _("Checked in at"),
        *_question_headers(questions),
    ]
    rows = (
        registrations.select_related("event", "user")
        .order_by("event__starts_at", "event_id", "created_at", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for registration in rows:
        answers = registration.answers or {}
        yield [
            registration.event.title_ko or registration.event.title,
            registration.ticket_code,
            registration.get_status_display(),
            registration.user.name if registration.user_id else str(ANONYMISED),
            registration.person_email,
            str(languages.get(registration.language, registration.language)),
            str(resident_types.get(registration.resident_type, registration.resident_type)),
            registration.country.name if registration.country else "",
            str(languages.get(registration.interpretation_language, ""))
            if registration.interpretation_language else "",
            registration.accessibility_needs,
            _local(registration.created_at),
            _local(registration.checked_in_at),
            *(_answer(question, answers) for question in questions),
        ]


def export_filename(*, today=None) -> str:
    today = today or timezone.localdate()
    return f"registrations-{today:%Y%m%d}.csv"


def registrations_csv_response(
    registrations: QuerySet[Registration], *, exported_by: User | None = None
) -> StreamingHttpResponse:
    """A streamed CSV download of `registrations` (already limited to what the user may see)."""
    # Who exported personal data is worth a log line; what they exported is not logged.
    logger.info("registrations exported by user=%s", getattr(exported_by, "pk", None))
    return csv_response(registration_rows(registrations), filename=export_filename())
