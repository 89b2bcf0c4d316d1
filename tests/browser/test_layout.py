"""The page stays still under the reader: KRDS fixes its header once the page is scrolled,
and the content must not jump up by the header's height when it does; and a reader who asked
their system for reduced motion gets no smooth scrolling or animated header."""

from __future__ import annotations

import pytest

from tests.factories import EventFactory

from .conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The document position of the main content: what the reader sees move if it changes.
MAIN_TOP = "() => document.querySelector('main').getBoundingClientRect().top + window.scrollY"


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_content_does_not_jump_when_the_header_is_fixed(open_context, live_server, device):
    for number in range(12):  # a list long enough to scroll
        EventFactory(slug=f"event-{number}", title_en=f"City Week {number}")
    page = open_context(device).new_page()
    page.goto(f"{live_server.url}/en/events/")
    before = page.evaluate(MAIN_TOP)

    page.mouse.wheel(0, 400)
    page.wait_for_function("() => /scroll-/.test(document.getElementById('wrap').className)")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")

    assert page.evaluate("() => window.scrollY") > 0
    assert page.evaluate(MAIN_TOP) == before


BAR_TRANSITION = ("() => getComputedStyle(document.querySelector('#krds-header .header-in'))"
                  ".transitionDuration")


def _scroll_down(page) -> None:
    page.mouse.wheel(0, 400)
    page.wait_for_function("() => /scroll-/.test(document.getElementById('wrap').className)")


def test_reduced_motion_turns_off_smooth_scrolling(open_context, live_server):
    for number in range(12):
        EventFactory(slug=f"event-{number}", title_en=f"City Week {number}")
    still = open_context(DESKTOP, reduced_motion="reduce").new_page()
    still.goto(f"{live_server.url}/en/events/")
    assert still.evaluate(
        "() => getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    _scroll_down(still)  # KRDS slides the bar only once the page is scrolled
    assert still.evaluate(BAR_TRANSITION) == "1e-05s"
    # Scripted smooth scrolling (KRDS's phone menu, the check-in page) is instant too.
    assert still.evaluate("""() => {
        const top = window.scrollY;
        window.scrollTo({ top: top + 100, behavior: "smooth" });
        return window.scrollY === top + 100;
    }""")

    motion = open_context(DESKTOP).new_page()
    motion.goto(f"{live_server.url}/en/events/")
    assert motion.evaluate(
        "() => getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    _scroll_down(motion)
    assert motion.evaluate(BAR_TRANSITION) == "0.4s"


def test_the_desktop_menu_list_has_no_korean_only_label(open_context, live_server):
    # KRDS labels the list "메인 메뉴" in every language; the <nav> around it has the page's
    # own label, so portal.js removes the list's.
    page = open_context(DESKTOP).new_page()
    page.goto(f"{live_server.url}/vi/events/")
    assert page.evaluate(
        "() => document.querySelector('.krds-main-menu .gnb-menu').getAttribute('aria-label')"
    ) is None
