"""CSV export of registrations for organizers (admin action "Export to CSV").

The file opens in Excel as it is: UTF-8 with a byte-order mark (without it Excel reads Korean
as mojibake). It is streamed row by row from a database iterator, so an export of tens of
thousands of registrations never sits in memory at once. Cells that a spreadsheet would run as
a formula are defused (OWASP "CSV injection"): names, needs and answers are typed by the public.
"""

from __future__ import annotations

import csv
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from apps.accounts.models import User

from .models import Event, Registration, RegistrationQuestion

logger = logging.getLogger(__name__)

BOM = "\ufeff"
# A leading =, +, - or @ makes Excel and LibreOffice evaluate the cell; tab and carriage
# return do the same in some of them. A leading apostrophe shows the text as typed.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 500


class _Echo:
    """A write-only "file" for csv.writer that hands each formatted line back."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _local(value: datetime | None) -> str:
    if value is None:
        return ""
    # Sortable and unambiguous in any spreadsheet locale; Seoul time, as everywhere else.
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


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
            registration.user.name,
            registration.user.email,
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


def _csv_lines(rows: Iterable[list[str]], *, language: str) -> Iterator[str]:
    # The body is produced after the view has returned, while the server sends it; the
    # headers and labels must still be in the language of the organizer who asked.
    writer = csv.writer(_Echo())
    yield BOM
    with translation.override(language):
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])


def export_filename(*, today=None) -> str:
    today = today or timezone.localdate()
    return f"registrations-{today:%Y%m%d}.csv"


def registrations_csv_response(
    registrations: QuerySet[Registration], *, exported_by: User | None = None
) -> StreamingHttpResponse:
    """A streamed CSV download of `registrations` (already limited to what the user may see)."""
    # Who exported personal data is worth a log line; what they exported is not logged.
    logger.info("registrations exported by user=%s", getattr(exported_by, "pk", None))
    response = StreamingHttpResponse(
        _csv_lines(registration_rows(registrations), language=translation.get_language()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    # Personal data: never kept by a browser or proxy cache.
    response["Cache-Control"] = "no-store"
    return response
