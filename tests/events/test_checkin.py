"""The door check-in page: who may open it, and every outcome of a scan or a typed code."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from apps.events.models import Registration
from tests.events.factories_admin import EventFactory, RegistrationFactory, make_organizer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Pages in English (/en/...), so assertions hold whatever the Korean catalog says."""
    with translation.override("en"):
        yield


@pytest.fixture
def organizer():
    return make_organizer(name="Door Organizer")


@pytest.fixture
def event(organizer):
    return EventFactory(title_ko="강남 글로벌 테크 포럼", title_en="Gangnam Global Tech Forum",
                        organizers=[organizer])


@pytest.fixture
def registration(event):
    return RegistrationFactory(
        event=event, user=UserFactory(name="Nguyen Van An"), interpretation_language="vi",
        accessibility_needs="Wheelchair space, please.",
    )


def page(event) -> str:
    return reverse("checkin:event", kwargs={"slug": event.slug})


def check_in(client, event, code):
    return client.post(page(event), {"ticket_code": code})


def panel(response) -> str:
    """The text of the result panel (the live region), whitespace collapsed."""
    html = response.content.decode()
    match = re.search(r'<div id="checkin-result".*?</dl>\s*</div>\s*</div>|'
                      r'<div id="checkin-result".*?</div>\s*</div>\s*</div>', html, re.S)
    assert match, "no result panel"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


# --- who may open it ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, event):
    for url in (reverse("checkin:index"), page(event)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert "next=" in response.url
    response = client.post(page(event), {"ticket_code": "ANYTHING"})
    assert response.status_code == 302


def test_citizens_are_refused(client, event, registration):
    client.force_login(UserFactory())
    assert client.get(reverse("checkin:index")).status_code == 403
    assert client.get(page(event)).status_code == 403
    assert check_in(client, event, registration.ticket_code).status_code == 403
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_organizers_of_other_events_are_refused(client, event, registration):
    client.force_login(make_organizer())
    assert client.get(page(event)).status_code == 403
    assert check_in(client, event, registration.ticket_code).status_code == 403
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_superuser_may_open_any_event(client, event):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(page(event)).status_code == 200


def test_unknown_event_is_404(client, organizer):
    client.force_login(organizer)
    assert client.get(reverse("checkin:event", kwargs={"slug": "no-such-event"})).status_code \
        == 404


def test_index_lists_only_the_organizers_events(client, organizer, event):
    EventFactory(title_en="Someone else's event", organizers=[make_organizer()])
    past = EventFactory(title_en="Last year's forum", organizers=[organizer],
                        starts_at=timezone.now() - timedelta(days=300))
    client.force_login(organizer)
    response = client.get(reverse("checkin:index"))
    assert response.status_code == 200
    assert list(response.context["current_events"]) == [event]
    assert list(response.context["past_events"]) == [past]
    html = response.content.decode()
    assert page(event) in html
    assert "Someone else" not in html


# --- the page itself ------------------------------------------------------------------


def test_page_is_a_plain_form_made_for_a_phone(client, organizer, event):
    client.force_login(organizer)
    response = client.get(page(event))
    html = response.content.decode()
    field = re.search(r"<input[^>]*name=\"ticket_code\"[^>]*>", html, re.S).group(0)
    for attribute in ("autofocus", 'autocomplete="off"', 'autocapitalize="characters"',
                      'inputmode="text"'):
        assert attribute in field
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'role="status"' in html and 'aria-live="polite"' in html
    # The camera button exists for the script to reveal; without JavaScript it stays hidden.
    assert re.search(r'<button[^>]*id="checkin-scan"[^>]*\shidden', html, re.S)
    assert "/static/js/checkin.js" in html
    assert "/static/css/checkin.css" in html
    # Strict CSP ahead: no inline scripts, handlers or style attributes.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)


def test_counters_show_checked_in_of_confirmed(client, organizer, event):
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.ATTENDED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(organizer)
    response = client.get(page(event))
    assert response.context["counts"] == {"checked_in": 1, "expected": 3}


# --- outcomes -------------------------------------------------------------------------


def test_check_in_succeeds_and_shows_the_person(client, organizer, event, registration):
    client.force_login(organizer)
    response = check_in(client, event, registration.ticket_code)
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert registration.checked_in_by == organizer
    text = panel(response)
    assert "Checked in" in text
    assert "Nguyen Van An" in text
    assert "Vietnamese" in text
    assert "Wheelchair space, please." in text
    assert response.context["result"].level == "success"
    assert response.context["counts"] == {"checked_in": 1, "expected": 1}


def test_code_is_read_as_people_type_it(client, organizer, event, registration):
    client.force_login(organizer)
    code = registration.ticket_code
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
    check_in(client, event, typed)
    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.ATTENDED


def test_second_check_in_is_refused_with_the_time(client, organizer, event, registration):
    client.force_login(organizer)
    check_in(client, event, registration.ticket_code)
    first_time = Registration.objects.get(pk=registration.pk).checked_in_at
    response = check_in(client, event, registration.ticket_code)
    result = response.context["result"]
    assert result.level == "warning"
    assert not result.ok
    text = panel(response)
    assert "already been checked in (" in text
    local = timezone.localtime(first_time)
    assert str(local.year) in text and local.strftime("%M") in text
    assert "Nguyen Van An" in text
    assert Registration.objects.get(pk=registration.pk).checked_in_at == first_time


def test_unknown_code_is_refused(client, organizer, event):
    client.force_login(organizer)
    response = check_in(client, event, "ZZZZZZZZZZZZ")
    assert response.context["result"].level == "danger"
    assert "No ticket with this code was found." in panel(response)


def test_ticket_of_another_organizers_event_looks_unknown(client, organizer, event):
    other = RegistrationFactory(event=EventFactory(organizers=[make_organizer()]),
                                user=UserFactory(name="Hidden Person"))
    client.force_login(organizer)
    response = check_in(client, event, other.ticket_code)
    text = panel(response)
    assert "No ticket with this code was found." in text
    assert "Hidden Person" not in text
    assert Registration.objects.get(pk=other.pk).status == Registration.Status.CONFIRMED


def test_ticket_for_another_of_my_events_is_not_checked_in_here(client, organizer, event):
    other_event = EventFactory(title_en="Green Start-up Summit", organizers=[organizer])
    other = RegistrationFactory(event=other_event)
    client.force_login(organizer)
    response = check_in(client, event, other.ticket_code)
    text = panel(response)
    assert "This ticket is for another event: Green Start-up Summit." in text
    assert reverse("checkin:event", kwargs={"slug": other_event.slug}) in \
        response.content.decode()
    assert Registration.objects.get(pk=other.pk).status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(("status", "detail"), [
    (Registration.Status.WAITLISTED, "on the waiting list"),
    (Registration.Status.CANCELLED, "was cancelled"),
])
def test_waitlisted_and_cancelled_tickets_are_refused(client, organizer, event, status, detail):
    registration = RegistrationFactory(event=event, status=status)
    client.force_login(organizer)
    response = check_in(client, event, registration.ticket_code)
    assert response.context["result"].level == "danger"
    text = panel(response)
    assert "cannot be checked in" in text
    assert detail in text
    assert Registration.objects.get(pk=registration.pk).status == status


def test_empty_code_asks_for_one(client, organizer, event):
    client.force_login(organizer)
    response = check_in(client, event, "   ")
    assert response.status_code == 200
    assert "Please type or scan a ticket code." in panel(response)
