"""An organizer logs in to the admin (password, then the authenticator code), gives an event
its Japanese title in the translation tabs, and checks a ticket in at the door on a phone."""

from __future__ import annotations

import pytest

from apps.events.models import Event, Registration
from tests.events.factories_admin import EventFactory, RegistrationFactory, make_organizer

from .conftest import PHONE
from .support import click, html_lang, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAPANESE_TITLE = "江南グローバルテックフォーラム"


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_edit_japanese_title_then_check_in_at_the_door(open_context, live_server, lang):
    base = live_server.url
    organizer = make_organizer(email=f"organizer.{lang}@gangnam.example", preferred_language=lang)
    event = EventFactory(slug="gangnam-global-tech-forum", title="강남 글로벌 테크 포럼",
                         organizers=[organizer])
    attendee = RegistrationFactory(event=event, language="en")
    context = open_context()
    page = context.new_page()

    change_url = f"{base}/{lang}/admin/events/event/{event.pk}/change/"
    staff_login(page, organizer, url=change_url)
    assert html_lang(page) == lang

    # The Japanese tab of the title, whatever language the admin is in.
    click(page.locator('.ui-tabs-nav a.ui-tabs-anchor[href="#tab_id_title_ja"]'))
    title_ja = page.locator("#id_title_ja")
    title_ja.wait_for(state="visible")
    title_ja.fill(JAPANESE_TITLE)
    click(page.locator('#event_form [name="_continue"]'))
    page.wait_for_url(f"**/{lang}/admin/events/event/{event.pk}/change/")
    assert page.locator(".messagelist .success").count() == 1, page.locator(
        ".errornote, .errorlist").all_inner_texts()
    event.refresh_from_db()
    assert (event.title_ja, event.title_ko) == (JAPANESE_TITLE, "강남 글로벌 테크 포럼")

    # The public page in Japanese shows it, not marked as another language.
    page.goto(f"{base}/ja/events/{event.slug}/")
    heading = page.locator("main h1")
    assert heading.inner_text() == JAPANESE_TITLE
    assert heading.get_attribute("lang") is None

    # At the door, on a phone: the list of today's and coming events, then the code.
    page.set_viewport_size(PHONE["viewport"])
    page.goto(f"{base}/{lang}/checkin/")
    click(page.locator(f'main a[href="/{lang}/checkin/{event.slug}/"]'))
    page.wait_for_url(f"**/{lang}/checkin/{event.slug}/")
    code = page.locator("#checkin-form input[name=ticket_code]")
    assert code.evaluate("(element) => element === document.activeElement")
    # Read out from a phone screen: lower case, in groups, as people do.
    spoken = "-".join(attendee.ticket_code[i:i + 4] for i in range(0, 12, 4)).lower()
    code.fill(spoken)
    code.press("Enter")
    outcome = page.locator("#checkin-result [data-outcome]")
    outcome.wait_for()
    assert outcome.get_attribute("data-outcome") == "success"
    assert page.locator("#checkin-counters dd").first.inner_text() == "1"
    attendee.refresh_from_db()
    assert (attendee.status, attendee.checked_in_by) == (Registration.Status.ATTENDED,
                                                         organizer)

    # The same ticket again is refused, and says why.
    code.fill(attendee.ticket_code)
    click(page.locator("#checkin-form button[type=submit]"))
    page.locator('#checkin-result [data-outcome="warning"]').wait_for()
    assert Event.objects.get(pk=event.pk).registrations.filter(
        status=Registration.Status.ATTENDED).count() == 1
