"""CSV export of registrations: opens in Excel with Korean intact, answers as columns, safe
against formula injection, streamed, and limited to the organizer's own registrations."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.core.csv_export import safe_cell
from apps.events.exports import registrations_csv_response
from apps.events.models import Registration, RegistrationQuestion
from tests.events.factories_admin import (
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    make_organizer,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Pages in English (/en/...), so assertions hold whatever the Korean catalog says."""
    with translation.override("en"):
        yield


def export(client, registrations, *, select_across=False):
    data = {"action": "export_csv", "_selected_action": [str(r.pk) for r in registrations]}
    if select_across:
        data["select_across"] = "1"
    return client.post(reverse("admin:events_registration_changelist"), data)


def read(response) -> tuple[str, list[list[str]]]:
    assert isinstance(response, StreamingHttpResponse)
    raw = b"".join(response.streaming_content)
    text = raw.decode("utf-8")
    return text, list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def organizer():
    return make_organizer()


@pytest.fixture
def event(organizer):
    return EventFactory(title_ko="강남 글로벌 테크 포럼", organizers=[organizer])


def test_export_is_utf8_with_bom_and_keeps_korean(client, organizer, event):
    RegistrationFactory(event=event, user=UserFactory(name="김민지", email="minji@example.org"),
                        accessibility_needs="휠체어 좌석이 필요합니다", country="KR")
    client.force_login(organizer)
    response = export(client, Registration.objects.all())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().strftime("%Y%m%d")
    assert response["Content-Disposition"] == f'attachment; filename="registrations-{today}.csv"'
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, row = rows
    assert header[:12] == [
        "Event", "Ticket code", "Status", "Name", "Email", "Language for messages",
        "Resident type", "Country", "Interpretation wanted", "Accessibility needs",
        "Registered at", "Checked in at",
    ]
    assert row[0] == "강남 글로벌 테크 포럼"
    assert row[3] == "김민지"
    assert row[4] == "minji@example.org"
    assert row[9] == "휠체어 좌석이 필요합니다"


def test_export_has_a_column_per_question_with_korean_labels(client, organizer, event):
    other = EventFactory(title_ko="그린 스타트업 서밋", organizers=[organizer])
    organization = QuestionFactory(event=event, label_ko="소속 기관", label_en="Organization",
                                   order=1)
    diet = QuestionFactory(event=event, label_ko="채식 식사",
                           kind=RegistrationQuestion.Kind.BOOLEAN, order=2)
    size = QuestionFactory(event=other, label_ko="티셔츠 크기",
                           kind=RegistrationQuestion.Kind.CHOICE, options_ko="S\nM\nL")
    RegistrationFactory(event=event, answers={str(organization.pk): "강남구청",
                                              str(diet.pk): True})
    RegistrationFactory(event=other, answers={str(size.pk): "M"})
    client.force_login(organizer)
    _text, rows = read(export(client, Registration.objects.all()))
    header = rows[0]
    assert header[12:] == ["소속 기관", "채식 식사", "티셔츠 크기"]
    by_event = {row[0]: row[12:] for row in rows[1:]}
    assert by_event["강남 글로벌 테크 포럼"] == ["강남구청", "Yes", ""]
    assert by_event["그린 스타트업 서밋"] == ["", "", "M"]


def test_same_question_in_two_events_keeps_two_named_columns(client, organizer, event):
    other = EventFactory(title_ko="다른 행사", organizers=[organizer])
    QuestionFactory(event=event, label_ko="소속")
    QuestionFactory(event=other, label_ko="소속")
    RegistrationFactory(event=event)
    RegistrationFactory(event=other)
    client.force_login(organizer)
    _text, rows = read(export(client, Registration.objects.all()))
    assert rows[0][12:] == ["소속 (강남 글로벌 테크 포럼)", "소속 (다른 행사)"]


def test_formula_injection_is_defused(client, organizer, event):
    question = QuestionFactory(event=event, label_ko="=HYPERLINK(\"x\")")
    RegistrationFactory(
        event=event, user=UserFactory(name="=1+2"),
        accessibility_needs="@SUM(A1:A2)",
        answers={str(question.pk): "+cmd|' /C calc'!A0"},
    )
    client.force_login(organizer)
    _text, rows = read(export(client, Registration.objects.all()))
    header, row = rows
    assert header[12] == "'=HYPERLINK(\"x\")"
    assert row[3] == "'=1+2"
    assert row[9] == "'@SUM(A1:A2)"
    assert row[12] == "'+cmd|' /C calc'!A0"
    assert [safe_cell(v) for v in ("-5", "\tx", "정상", "a=b", None)] == [
        "'-5", "'\tx", "정상", "a=b", ""]


def test_export_contains_only_the_organizers_registrations(client, organizer, event):
    mine = RegistrationFactory(event=event)
    someone_else = make_organizer()
    theirs = RegistrationFactory(event=EventFactory(organizers=[someone_else]))
    client.force_login(organizer)
    # Even when the other organizer's id is posted, and with "select all".
    for response in (export(client, [mine, theirs]),
                     export(client, [mine], select_across=True)):
        _text, rows = read(response)
        codes = [row[1] for row in rows[1:]]
        assert codes == [mine.ticket_code]
        assert theirs.ticket_code not in codes


def test_export_streams_with_a_fixed_number_of_queries(organizer, event):
    RegistrationFactory.create_batch(25, event=event)
    response = registrations_csv_response(Registration.objects.all())
    with CaptureQueriesContext(connection) as ctx:
        body = b"".join(response.streaming_content)
    assert body.count(b"\n") == 26
    assert len(ctx.captured_queries) == 2


def test_citizen_cannot_export(client, event):
    RegistrationFactory(event=event)
    client.force_login(UserFactory())
    response = export(client, Registration.objects.all())
    assert response.status_code == 302
    assert "/admin/login/" in response.url
