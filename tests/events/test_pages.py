"""Public event pages: list with filters and pages, detail, and the registration form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.events.models import Event, Registration
from tests.events.factories import (
    AgendaItemFactory,
    EventFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(name: str, *, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"events:{name}", kwargs=kwargs or None)


def titles(response) -> list[str]:
    """Event titles of the list's cards, in page order."""
    return re.findall(r'class="portal-card-title"[^>]*><a href="[^"]+">([^<]+)</a>',
                      response.content.decode())


@pytest.fixture
def person(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)
    return user


# ---- List ------------------------------------------------------------------------------


def test_list_shows_published_and_cancelled_events_but_not_drafts_or_past_ones(client):
    EventFactory(title_en="Open forum")
    EventFactory(title_en="Called off", status=Event.Status.CANCELLED)
    EventFactory(title_en="Secret draft", status=Event.Status.DRAFT)
    EventFactory(title_en="Last year", starts_at=timezone.now() - timedelta(days=300))

    response = client.get(url("list"))

    assert response.status_code == 200
    assert sorted(titles(response)) == ["Called off", "Open forum"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"axis": "tech"}, ["Tech talk"]),
        ({"format": "online"}, ["Green webinar"]),
        ({"interpretation": "ja"}, ["Tech talk"]),
        ({"q": "webinaire"}, ["Green webinar"]),  # only in the Vietnamese description
        ({"q": "Tech"}, ["Tech talk"]),
    ],
)
def test_each_filter_narrows_the_list(client, params, expected):
    EventFactory(title_en="Tech talk", axis="tech", interpretation_languages=["en", "ja"])
    EventFactory(title_en="Green webinar", axis="green", format="online",
                 description_vi="Buổi webinaire về khí hậu")
    EventFactory(title_en="Culture night", axis="culture")

    response = client.get(url("list"), params)

    assert titles(response) == expected


def test_search_finds_a_word_that_only_the_japanese_title_has(client):
    EventFactory(title_en="Forum", title_ja="江南フォーラム")
    EventFactory(title_en="Other")

    response = client.get(url("list", lang="vi"), {"q": "フォーラム"})

    assert "Forum" not in titles(response)  # the Vietnamese page falls back to Korean titles
    assert len(titles(response)) == 1


def test_date_range_keeps_events_that_overlap_it(client):
    now = timezone.localtime()
    EventFactory(title_en="In ten days", starts_at=now + timedelta(days=10))
    EventFactory(title_en="In forty days", starts_at=now + timedelta(days=40))
    EventFactory(title_en="In ninety days", starts_at=now + timedelta(days=90))

    response = client.get(url("list"), {
        "date_from": (now + timedelta(days=30)).date().isoformat(),
        "date_to": (now + timedelta(days=60)).date().isoformat(),
    })

    assert titles(response) == ["In forty days"]


def test_end_date_before_start_date_is_reported_and_ignored(client):
    EventFactory(title_en="Soon")

    response = client.get(url("list"), {"date_from": "2030-05-01", "date_to": "2030-04-01"})

    html = response.content.decode()
    assert "The end date must be on or after the start date." in html
    assert 'aria-invalid="true"' in html
    assert titles(response) == []  # the start date still applies


def test_has_seats_leaves_out_full_events(client):
    full = EventFactory(title_en="Full house", capacity=1)
    RegistrationFactory(event=full)
    EventFactory(title_en="Room left", capacity=10)
    EventFactory(title_en="No limit", capacity=None)

    response = client.get(url("list"), {"has_seats": "on"})

    assert sorted(titles(response)) == ["No limit", "Room left"]


def test_cards_say_what_a_person_can_do(client):
    now = timezone.now()
    EventFactory(title_en="A", capacity=5)
    waitlist = EventFactory(title_en="B", capacity=1, waitlist_enabled=True)
    RegistrationFactory(event=waitlist)
    full = EventFactory(title_en="C", capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=full)
    EventFactory(title_en="D", status=Event.Status.CANCELLED)
    EventFactory(title_en="E", registration_closes_at=now - timedelta(hours=1))

    html = client.get(url("list")).content.decode()

    assert "5 seats left" in html
    assert "Waiting list" in html
    assert ">Full<" in html
    assert ">Cancelled<" in html
    assert "Registration closed" in html


def test_cards_show_dates_in_time_elements_and_the_venue(client):
    EventFactory(title_en="A", venue_name_ko="코엑스", venue_name_en="COEX")

    html = client.get(url("list")).content.decode()

    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)
    assert "COEX" in html


def test_empty_list_says_so(client):
    response = client.get(url("list"))

    assert "No events are announced at the moment." in response.content.decode()


def test_empty_filtered_list_offers_to_clear_the_filters(client):
    EventFactory(axis="culture")

    html = client.get(url("list"), {"axis": "green"}).content.decode()

    assert "No event matches these filters." in html
    assert "Clear the filters" in html


def test_pagination_shows_twelve_per_page_and_keeps_the_filters(client):
    start = timezone.now() + timedelta(days=5)
    for n in range(14):
        EventFactory(title_en=f"Culture {n:02}", axis="culture",
                     starts_at=start + timedelta(days=n))
    EventFactory(title_en="Tech", axis="tech")

    first = client.get(url("list"), {"axis": "culture"})
    second = client.get(url("list"), {"axis": "culture", "page": "2"})

    assert len(titles(first)) == 12
    assert titles(second) == ["Culture 12", "Culture 13"]
    html = first.content.decode()
    assert 'href="?axis=culture&amp;page=2"' in html
    assert 'aria-current="page"' in html
    assert "14 events" in html


def test_a_page_number_past_the_end_shows_the_last_page(client):
    EventFactory.create_batch(13)

    response = client.get(url("list"), {"page": "99"})

    assert response.status_code == 200
    assert len(titles(response)) == 1


def test_list_query_count_does_not_grow_with_the_number_of_events(
    client, django_assert_max_num_queries
):
    for _ in range(5):
        RegistrationFactory(event=EventFactory(capacity=3))
    with CaptureQueriesContext(connection) as with_five:
        assert len(titles(client.get(url("list")))) == 5

    for _ in range(25):
        RegistrationFactory(event=EventFactory(capacity=3))
    with django_assert_max_num_queries(len(with_five)):
        response = client.get(url("list"), {"page": "1"})
    assert len(titles(response)) == 12


# ---- Detail ----------------------------------------------------------------------------


def test_detail_shows_agenda_venue_map_link_languages_and_seats(client):
    event = EventFactory(
        title_en="Tech Forum", description_en="First line.\n\nSecond paragraph.",
        venue_name_en="COEX Hall A", map_url="https://map.naver.com/p/search/COEX",
        capacity=10, interpretation_languages=["en", "ja"],
    )
    AgendaItemFactory(event=event, title_en="Keynote", speaker_en="Dr. Kim")
    RegistrationFactory(event=event)

    html = client.get(url("detail", slug=event.slug)).content.decode()

    assert "<p>First line.</p>" in html and "<p>Second paragraph.</p>" in html
    assert "Keynote" in html and "Dr. Kim" in html
    assert "COEX Hall A" in html
    assert 'href="https://map.naver.com/p/search/COEX"' in html
    assert "<iframe" not in html
    assert '<li lang="ja">日本語</li>' in html
    assert "9 seats left" in html
    assert f'href="{url("register", slug=event.slug)}"' in html


def test_detail_marks_text_shown_in_the_fallback_language(client):
    event = EventFactory(title_ko="강남 포럼", title_en="Gangnam Forum", title_vi="",
                         summary_ko="요약", summary_vi="Tóm tắt")

    html = client.get(url("detail", lang="vi", slug=event.slug)).content.decode()

    assert '<h1 class="portal-title" lang="ko">강남 포럼</h1>' in html
    assert '<p class="portal-lead">Tóm tắt</p>' in html  # translated: no lang of its own


def test_detail_in_a_translated_language_has_no_extra_lang_attribute(client):
    event = EventFactory(title_en="Gangnam Forum")

    html = client.get(url("detail", slug=event.slug)).content.decode()

    assert '<h1 class="portal-title">Gangnam Forum</h1>' in html


def test_cancelled_event_says_why_and_offers_no_registration(client):
    event = EventFactory(status=Event.Status.CANCELLED,
                         cancellation_reason="The venue was flooded.")

    html = client.get(url("detail", slug=event.slug)).content.decode()

    assert "This event has been cancelled." in html
    assert "The venue was flooded." in html
    assert url("register", slug=event.slug) not in html


def test_closed_registration_says_when_it_closed(client):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(hours=2))

    html = client.get(url("detail", slug=event.slug)).content.decode()

    assert "Registration closed on" in html
    assert url("register", slug=event.slug) not in html


def test_full_event_with_waiting_list_offers_to_join_it(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    html = client.get(url("detail", slug=event.slug)).content.decode()

    assert "Join the waiting list" in html


def test_registered_person_is_sent_to_their_ticket(client, person):
    event = EventFactory()
    registration = RegistrationFactory(event=event, user=person)

    html = client.get(url("detail", slug=event.slug)).content.decode()

    assert "You are registered — see your ticket" in html
    assert url("ticket", pk=registration.pk) in html


def test_draft_and_unknown_events_are_not_found(client):
    draft = EventFactory(status=Event.Status.DRAFT)

    assert client.get(url("detail", slug=draft.slug)).status_code == 404
    assert client.get(url("detail", slug="no-such-event")).status_code == 404


def test_detail_query_count_does_not_grow_with_events_or_agenda(
    client, person, django_assert_max_num_queries
):
    event = EventFactory()
    AgendaItemFactory.create_batch(5, event=event)
    RegistrationQuestionFactory.create_batch(2, event=event)
    with CaptureQueriesContext(connection) as small:
        client.get(url("detail", slug=event.slug))

    AgendaItemFactory.create_batch(25, event=event)
    RegistrationFactory.create_batch(30, event=event)
    EventFactory.create_batch(30)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url("detail", slug=event.slug))
    assert response.content.decode().count('class="events-agenda-item"') == 30


# ---- Register --------------------------------------------------------------------------


def test_register_asks_anonymous_people_to_log_in_first(client):
    event = EventFactory()

    response = client.get(url("register", slug=event.slug))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_form_shows_questions_interpretation_and_privacy_notice(client, person):
    event = EventFactory(interpretation_languages=["ja"])
    RegistrationQuestionFactory(event=event, label_en="Your organisation", required=True)

    html = client.get(url("register", slug=event.slug)).content.decode()

    assert "Your organisation" in html
    assert '<option value="ja">日本語</option>' in html
    assert '<option value="vi">' not in html
    assert "No interpretation needed" in html
    for words in ("Purpose", "Items collected", "365 days after the event",
                  "If you refuse, you cannot register"):
        assert words in html
    assert 'aria-describedby="privacy-notice' in html


def test_registration_happy_path_confirms_a_seat(client, person):
    event = EventFactory(capacity=10, interpretation_languages=["ja"])
    question = RegistrationQuestionFactory(event=event, kind="choice",
                                           options_ko="첫째 날\n둘째 날", options_en="Day 1\nDay 2")

    response = client.post(url("register", slug=event.slug), {
        f"question_{question.pk}": "1",
        "interpretation_language": "ja",
        "accessibility_needs": "Wheelchair seat",
        "privacy_consent": "on",
    })

    registration = Registration.objects.get(event=event, user=person)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.answers == {str(question.pk): "둘째 날"}  # stored in Korean
    assert registration.interpretation_language == "ja"
    assert registration.accessibility_needs == "Wheelchair seat"
    assert response.status_code == 302
    assert response["Location"] == url("ticket", pk=registration.pk)
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Your seat is confirmed." in message


def test_full_event_puts_the_person_on_the_waiting_list_with_their_position(client, person):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    response = client.post(url("register", slug=event.slug), {"privacy_consent": "on"},
                           follow=True)

    registration = Registration.objects.get(event=event, user=person)
    assert registration.status == Registration.Status.WAITLISTED
    html = response.content.decode()
    assert "You are number 2 on the waiting list" in html


def test_double_submit_keeps_one_registration_and_shows_it(client, person):
    event = EventFactory()
    data = {"privacy_consent": "on"}

    first = client.post(url("register", slug=event.slug), data)
    second = client.post(url("register", slug=event.slug), data)

    assert Registration.objects.filter(event=event, user=person).count() == 1
    registration = Registration.objects.get(event=event, user=person)
    assert first["Location"] == second["Location"] == url("ticket", pk=registration.pk)
    messages = [str(m) for m in get_messages(second.wsgi_request)]
    assert "You are already registered for this event." in messages


def test_missing_required_answer_is_shown_on_the_field_and_keeps_the_input(client, person):
    event = EventFactory()
    question = RegistrationQuestionFactory(event=event, label_en="Your organisation",
                                           required=True)

    response = client.post(url("register", slug=event.slug), {
        f"question_{question.pk}": "  ",
        "accessibility_needs": "Sign language, please",
        "privacy_consent": "on",
    })

    assert response.status_code == 200
    assert not Registration.objects.exists()
    html = response.content.decode()
    field_id = f"id_question_{question.pk}"
    assert "Please answer this question." in html
    assert re.search(rf'<textarea[^>]*id="{field_id}"[^>]*aria-invalid="true"', html)
    assert re.search(rf'aria-describedby="[^"]*{field_id}-error', html)
    assert f'href="#{field_id}"' in html  # the error summary links to the field
    assert 'class="portal-alert danger events-error-summary"' in html
    assert "Sign language, please" in html
    assert 'name="privacy_consent" id="id_privacy_consent" checked' in html


def test_registration_without_consent_is_refused(client, person):
    event = EventFactory()

    response = client.post(url("register", slug=event.slug), {"accessibility_needs": "x"})

    assert not Registration.objects.exists()
    assert "Please agree to the privacy notice to register." in response.content.decode()


def test_closed_registration_shows_why_instead_of_the_form(client, person):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))

    page = client.get(url("register", slug=event.slug)).content.decode()
    post = client.post(url("register", slug=event.slug), {"privacy_consent": "on"})

    assert "Registration closed on" in page
    assert 'name="privacy_consent"' not in page
    assert post.status_code == 200
    assert "Registration for this event is closed." in post.content.decode()
    assert not Registration.objects.exists()


def test_cancelled_event_refuses_registration_with_a_clear_message(client, person):
    event = EventFactory()
    form_page = client.get(url("register", slug=event.slug))
    assert form_page.status_code == 200
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)

    response = client.post(url("register", slug=event.slug), {"privacy_consent": "on"})

    assert response.status_code == 200
    assert "This event has been cancelled." in response.content.decode()
    assert not Registration.objects.exists()


def test_full_event_without_waiting_list_refuses_with_a_clear_message(client, person):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event)

    response = client.post(url("register", slug=event.slug), {"privacy_consent": "on"})

    assert "This event is full and has no waiting list." in response.content.decode()
    assert not Registration.objects.filter(user=person).exists()


def test_interpretation_into_a_language_not_offered_is_refused(client, person):
    event = EventFactory(interpretation_languages=["en"])

    response = client.post(url("register", slug=event.slug),
                           {"interpretation_language": "ja", "privacy_consent": "on"})

    assert not Registration.objects.exists()
    assert 'id="id_interpretation_language-error"' in response.content.decode()


def test_already_registered_person_opening_the_form_goes_to_the_ticket(client, person):
    registration = RegistrationFactory(user=person)

    response = client.get(url("register", slug=registration.event.slug))

    assert response.status_code == 302
    assert response["Location"] == url("ticket", pk=registration.pk)


def test_my_registrations_query_count_is_constant(client, django_assert_max_num_queries):
    from apps.events import services
    from tests.factories import EventFactory as _Event
    from tests.factories import UserFactory as _User

    me = _User()
    client.force_login(me)

    def waitlist_me_on(n):
        for _ in range(n):
            event = _Event(capacity=0)
            services.registration_create(event=event, user=me, privacy_consent=True)

    waitlist_me_on(1)
    with django_assert_max_num_queries(20) as few:
        assert client.get("/en/events/my/").status_code == 200
    waitlist_me_on(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/en/events/my/")
    assert page.content.decode().count("number 1") >= 7
