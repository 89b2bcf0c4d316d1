"""My registrations, the ticket page with its QR code, the calendar file and cancellation."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from apps.events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name: str, *, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"events:{name}", kwargs=kwargs or None)


@pytest.fixture
def person(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    return user


# ---- My registrations ------------------------------------------------------------------


def test_my_registrations_lists_mine_with_status_and_waiting_list_position(client, person):
    confirmed = RegistrationFactory(user=person, event=EventFactory(title_en="Forum"))
    full = EventFactory(title_en="Festival", capacity=1)
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, status=Registration.Status.WAITLISTED)
    waitlisted = RegistrationFactory(user=person, event=full,
                                     status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=EventFactory(title_en="Someone else's"))

    html = client.get(url("my_registrations")).content.decode()

    assert "Forum" in html and "Festival" in html
    assert "Someone else&#x27;s" not in html
    assert ">Confirmed<" in html and ">Waiting list<" in html
    assert "You are number 2 on the waiting list." in html
    assert url("ticket", pk=confirmed.pk) in html
    assert url("ticket", pk=waitlisted.pk) in html


def test_my_registrations_empty_state(client, person):
    html = client.get(url("my_registrations")).content.decode()

    assert "You have not registered for any event yet." in html
    assert url("list") in html


def test_my_registrations_needs_a_login(client):
    response = client.get(url("my_registrations"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# ---- Ticket ----------------------------------------------------------------------------


def test_ticket_shows_the_grouped_code_and_an_accessible_qr_svg(client, person):
    registration = RegistrationFactory(user=person)
    code = registration.ticket_code
    grouped = f"{code[:4]}-{code[4:8]}-{code[8:]}"

    html = client.get(url("ticket", pk=registration.pk)).content.decode()

    assert f'<p class="events-ticket-code">{grouped}</p>' in html
    assert f'<svg role="img" aria-label="QR code of ticket {grouped}"' in html
    assert 'class="events-qr-line"' in html
    assert url("ics", pk=registration.pk) in html
    assert url("cancel", pk=registration.pk) in html
    assert "<img" not in html.split('class="events-ticket', 1)[1].split("</article>", 1)[0]


def test_ticket_of_someone_else_is_not_found(client, person):
    other = RegistrationFactory()

    assert client.get(url("ticket", pk=other.pk)).status_code == 404
    assert client.get(url("ics", pk=other.pk)).status_code == 404
    assert client.get(url("cancel", pk=other.pk)).status_code == 404
    assert client.post(url("cancel", pk=other.pk)).status_code == 404
    other.refresh_from_db()
    assert other.status == Registration.Status.CONFIRMED


def test_waitlisted_registration_shows_its_position_and_no_qr(client, person):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    registration = RegistrationFactory(user=person, event=event,
                                       status=Registration.Status.WAITLISTED)

    html = client.get(url("ticket", pk=registration.pk)).content.decode()

    assert "You are number 1 on the waiting list." in html
    assert "<svg" not in html.split("<main", 1)[1]


def test_cancelled_registration_has_no_qr_and_no_calendar(client, person):
    registration = RegistrationFactory(user=person, status=Registration.Status.CANCELLED,
                                       cancelled_at=timezone.now())

    html = client.get(url("ticket", pk=registration.pk)).content.decode()

    assert "<svg" not in html.split("<main", 1)[1]
    assert url("ics", pk=registration.pk) not in html
    assert url("cancel", pk=registration.pk) not in html
    assert client.get(url("ics", pk=registration.pk)).status_code == 404


def test_ticket_of_a_cancelled_event_says_why(client, person):
    event = EventFactory(status=Event.Status.CANCELLED, cancellation_reason="Typhoon warning.")
    registration = RegistrationFactory(user=person, event=event)

    html = client.get(url("ticket", pk=registration.pk)).content.decode()

    assert "This event has been cancelled." in html
    assert "Typhoon warning." in html
    assert url("cancel", pk=registration.pk) not in html


# ---- Calendar file ---------------------------------------------------------------------


def test_calendar_file_is_in_the_registrations_language_with_the_event_url(client, person):
    start = timezone.now().replace(microsecond=0) + timedelta(days=20)
    event = EventFactory(title_ko="강남 포럼", title_en="Gangnam Forum",
                         title_vi="Diễn đàn Gangnam",
                         venue_name_ko="코엑스", venue_name_vi="COEX (vi)",
                         starts_at=start, ends_at=start + timedelta(hours=2))
    registration = RegistrationFactory(user=person, event=event, language="vi")

    response = client.get(url("ics", lang="ko", pk=registration.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Diễn đàn Gangnam"
    assert str(vevent["LOCATION"]) == "COEX (vi)"
    assert str(vevent["URL"]) == f"http://testserver/vi/events/{event.slug}/"
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTSTART").tzinfo == ZoneInfo("Asia/Seoul")
    assert vevent.decoded("DTEND") == start + timedelta(hours=2)
    assert registration.ticket_code[:4] in str(vevent["DESCRIPTION"])
    assert calendar.walk("VTIMEZONE")


def test_calendar_uid_is_stable_per_registration(client, person):
    registration = RegistrationFactory(user=person)
    other = RegistrationFactory(user=person)

    first = icalendar.Calendar.from_ical(client.get(url("ics", pk=registration.pk)).content)
    again = icalendar.Calendar.from_ical(client.get(url("ics", pk=registration.pk)).content)
    another = icalendar.Calendar.from_ical(client.get(url("ics", pk=other.pk)).content)

    uid = str(first.walk("VEVENT")[0]["UID"])
    assert uid == str(again.walk("VEVENT")[0]["UID"])
    assert uid != str(another.walk("VEVENT")[0]["UID"])


# ---- Cancel ----------------------------------------------------------------------------


def test_cancel_page_asks_first_and_changes_nothing(client, person):
    registration = RegistrationFactory(user=person)

    response = client.get(url("cancel", pk=registration.pk))

    html = response.content.decode()
    assert "Cancel your registration?" in html
    assert "Your seat will go to the next person on the waiting list" in html
    assert 'method="post"' in html
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_cancelling_frees_the_seat_for_the_oldest_waitlisted_person(client, person):
    event = EventFactory(capacity=1)
    mine = RegistrationFactory(user=person, event=event)
    oldest = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    newer = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    Registration.objects.filter(pk=newer.pk).update(
        created_at=oldest.created_at + timedelta(minutes=5)
    )

    response = client.post(url("cancel", pk=mine.pk))

    assert response.status_code == 302
    assert response["Location"] == url("my_registrations")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("is cancelled" in m for m in messages)
    mine.refresh_from_db()
    oldest.refresh_from_db()
    newer.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert oldest.status == Registration.Status.CONFIRMED
    assert newer.status == Registration.Status.WAITLISTED


def test_cancel_of_a_waitlisted_registration_explains_the_place_is_lost(client, person):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    registration = RegistrationFactory(user=person, event=event,
                                       status=Registration.Status.WAITLISTED)

    html = client.get(url("cancel", pk=registration.pk)).content.decode()

    assert "You will leave the waiting list" in html


def test_cancelling_an_already_cancelled_registration_goes_back_to_the_ticket(client, person):
    registration = RegistrationFactory(user=person, status=Registration.Status.CANCELLED)

    response = client.post(url("cancel", pk=registration.pk))

    assert response.status_code == 302
    assert response["Location"] == url("ticket", pk=registration.pk)
