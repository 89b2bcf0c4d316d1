"""The registration journey with the keyboard alone: Tab, Shift+Tab, Enter, Space and the
arrow keys, never the mouse. Every stop of the focus must be on screen and visibly marked."""

from __future__ import annotations

import pytest

from apps.events.models import Registration, RegistrationQuestion
from tests.factories import EventFactory, RegistrationQuestionFactory, UserFactory

from .support import focused, log_in, press_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_register_with_the_keyboard_alone(open_context, live_server, lang):
    base = live_server.url
    event = EventFactory(slug="green-start-up-summit", axis="green",
                         title_ko="그린 스타트업 서밋", title_en="Green Start-up Summit",
                         capacity=30, interpretation_languages=["en", "ja"])
    question = RegistrationQuestionFactory(
        event=event, kind=RegistrationQuestion.Kind.CHOICE, required=True,
        label_ko="참가 형태", label_en="How will you take part?",
        options_ko="발표\n청중\n자원봉사", options_en="Speaker\nAudience\nVolunteer",
    )
    person = UserFactory(preferred_language=lang)
    context = open_context()
    log_in(context, person, base_url=base)
    page = context.new_page()
    page.goto(f"{base}/{lang}/events/")

    # The first Tab reaches the skip link, shown when focused; Enter moves focus to the main
    # content, past the header and its menus.
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["href"].endswith("#main-content"), first
    assert first["visible"] and first["indicator"], first
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")

    # On through the filters to the event, and open it.
    press_until(page, "Tab", f'main a[href="/{lang}/events/{event.slug}/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{lang}/events/{event.slug}/")

    press_until(page, "Tab", ".events-register-btn")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{lang}/events/{event.slug}/register/")

    # Send it empty first: the list of errors takes the focus, and each error links to its
    # field.
    press_until(page, "Tab", "form.events-register-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = focused(page)
    assert "events-error-summary" in summary["classes"], summary
    assert summary["indicator"], summary
    first_choice = f"id_question_{question.pk}_0"
    press_until(page, "Tab", f'.events-error-summary a[href="#{first_choice}"]')
    page.keyboard.press("Enter")
    assert focused(page)["id"] == first_choice

    # Fill it in: the radio group with the arrow keys, a select, a text area, the checkbox.
    page.keyboard.press("ArrowDown")
    assert page.locator("main input[type=radio]:checked").get_attribute("value") == "1"
    press_until(page, "Tab", "#id_interpretation_language")
    page.keyboard.press("ArrowDown")
    press_until(page, "Tab", "#id_accessibility_needs")
    page.keyboard.type("Wheelchair-accessible seat")
    press_until(page, "Tab", "#id_privacy_consent")
    page.keyboard.press("Space")
    assert page.locator("#id_privacy_consent").is_checked()
    press_until(page, "Tab", "form.events-register-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/{lang}/events/my/*/")

    registration = Registration.objects.get(event=event, user=person)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.interpretation_language == "en"
    assert registration.accessibility_needs == "Wheelchair-accessible seat"
    assert list(registration.answers.values()) == ["청중"]
    # The ticket's QR code and the links after it can be reached too.
    press_until(page, "Tab", f'main a[href="/{lang}/events/my/{registration.pk}/calendar.ics"]')
