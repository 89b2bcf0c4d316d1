"""Streamed CSV downloads for organizers (registrations, feedback).

The file opens in Excel as it is: UTF-8 with a byte-order mark (without it Excel reads Korean
as mojibake). Rows are streamed from an iterator, so a large export never sits in memory at
once. Cells that a spreadsheet would run as a formula are defused (OWASP "CSV injection"):
much of what is exported was typed by the public.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone, translation

BOM = "\ufeff"
# A leading =, +, - or @ makes Excel and LibreOffice evaluate the cell; tab and carriage
# return do the same in some of them. A leading apostrophe shows the text as typed.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A write-only "file" for csv.writer that hands each formatted line back."""

    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def local_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    # Sortable and unambiguous in any spreadsheet locale; Seoul time, as everywhere else.
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _csv_lines(rows: Iterable[list[str]], *, language: str) -> Iterator[str]:
    # The body is produced after the view has returned, while the server sends it; the
    # headers and labels must still be in the language of the organizer who asked.
    writer = csv.writer(_Echo())
    yield BOM
    with translation.override(language):
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(rows: Iterable[list[str]], *, filename: str) -> StreamingHttpResponse:
    """A streamed CSV download, labelled in the current language."""
    response = StreamingHttpResponse(
        _csv_lines(rows, language=translation.get_language()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: never kept by a browser or proxy cache.
    response["Cache-Control"] = "no-store"
    return response
