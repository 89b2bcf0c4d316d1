"""Pages fit the screen they are read on (WCAG 1.4.10 reflow, at 320 and 390 CSS px), and
nothing the portal shows is squeezed, clipped or cut off: long event titles without spaces,
the open-data tables on a phone, the desktop main menu with long translated labels and the
tabs and close button of the phone menu; a warning looks like a warning; links do not touch
the buttons above them.

Everything is measured in the page (getBoundingClientRect, scrollWidth), as the reader's
browser lays it out: these are layout checks, so they fail when the style sheets regress.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from apps.events.models import Registration
from tests.factories import EventFactory, UserFactory
from tests.feedback.factories import FeedbackFactory
from tests.insights.test_open_data import PERIOD, big, store_period

from .conftest import DESKTOP, PHONE
from .support import click, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROWEST = {**PHONE, "viewport": {"width": 320, "height": 700}}
PHONES = pytest.mark.parametrize("device", [NARROWEST, PHONE], ids=["320px", "390px"])
# 68 letters and no space: a German compound, a pasted code or link does the same.
LONG_TITLE = "Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherung"

# Elements that stick out of the window (outside any box that scrolls them), named in the
# failure message: what the reader cannot see, or what makes the page scroll sideways. Fixed
# elements (KRDS's skip link bar) are left out: they are as wide as the layout viewport, which
# Chromium widens to whatever sticks out.
_OVERFLOW = """(width) => {
    const sticking = [];
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 0.5) continue;
        let inside = getComputedStyle(element).position === "fixed";
        for (let parent = element.parentElement; !inside && parent && parent !== document.body;
             parent = parent.parentElement) {
            const style = getComputedStyle(parent);
            inside = style.overflowX !== "visible" || style.position === "fixed";
        }
        if (!inside) {
            sticking.push(`<${element.tagName.toLowerCase()} class="${element.className}">`
                + ` right edge at ${Math.round(box.right)} px: `
                + (element.textContent || "").trim().slice(0, 40));
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, sticking: sticking.slice(0, 8)};
}"""


def assert_fits(page: Any) -> None:
    """The page is no wider than the window: no sideways scrolling, nothing clipped.

    The window's width is the one the test set: on a phone, Chromium widens the layout viewport
    (window.innerWidth) to whatever sticks out, as phones do."""
    width = page.viewport_size["width"]
    result = page.evaluate(_OVERFLOW, width)
    assert result["scrollWidth"] <= width, (
        f"{page.url} is {result['scrollWidth']} px wide in a {width} px window; "
        f"sticking out: {result['sticking']}")


# --- long titles --------------------------------------------------------------------------

def _long_title_world() -> tuple[Any, Registration, Any]:
    """A reader with a seat at an event with a long unbroken title, and a second such event,
    full, that they have not registered for (its registration page warns of the waiting
    list)."""
    titles = {"title_ko": LONG_TITLE, "title_en": LONG_TITLE, "title_vi": LONG_TITLE}
    event = EventFactory(slug="long-title", capacity=1, **titles)
    full = EventFactory(slug="long-title-full", capacity=1, **titles)
    reader = UserFactory(email="reader@example.org", preferred_language="vi",
                         resident_type="foreign_resident", country="VN")
    registration = _seat(event, reader)
    _seat(full, UserFactory())
    FeedbackFactory(user=reader, event=event, public=True, approved_at=timezone.now(),
                    body="Rất hay!", language="vi", ui_language="vi")
    return reader, registration, full


def _reader_page(open_context, live_server, device: dict) -> tuple[Any, Registration, Any]:
    """The long-title world, and a page of its reader, logged in, on `device`."""
    reader, registration, full = _long_title_world()
    context = open_context(device)
    log_in(context, reader, base_url=live_server.url)
    return context.new_page(), registration, full


def _seat(event: Any, user: Any) -> Registration:
    return Registration.objects.create(
        event=event, user=user, status=Registration.Status.CONFIRMED, language="vi",
        resident_type="foreign_resident", privacy_consent_at=timezone.now())


@PHONES
def test_long_event_titles_fit_a_phone(open_context, live_server, device):
    page, registration, full = _reader_page(open_context, live_server, device)
    base = live_server.url

    for path in (f"/vi/events/{registration.event.slug}/",
                 f"/vi/events/my/{registration.pk}/",
                 f"/vi/events/{full.slug}/register/",
                 "/vi/feedback/public/",
                 "/vi/feedback/mine/",
                 f"/vi/events/my/{registration.pk}/cancel/"):
        page.goto(base + path)
        assert page.locator("main").get_by_text(LONG_TITLE).count(), page.url
        assert_fits(page)

    # The message after cancelling names the event: a flash message with the long title.
    click(page.locator("main form.portal-form button[type=submit]"))
    page.wait_for_url("**/vi/events/my/")
    assert page.locator(".portal-messages .portal-alert-text").get_by_text(LONG_TITLE,
                                                                         exact=False).count()
    assert_fits(page)


_ICON = """(selector) => getComputedStyle(document.querySelector(selector), "::before")
    .backgroundImage"""


def test_warnings_show_a_warning_icon_not_the_error_cross(open_context, live_server):
    page, registration, full = _reader_page(open_context, live_server, PHONE)
    base = live_server.url
    for path in (f"/vi/events/my/{registration.pk}/cancel/",  # what cancelling means
                 f"/vi/events/{full.slug}/register/"):  # all seats are taken
        page.goto(base + path)
        icon = page.evaluate(_ICON, "main .portal-alert.warning")
        assert icon.startswith("url("), (page.url, icon)
        assert "ico_error_fill" not in icon, (page.url, icon)


# --- open data ----------------------------------------------------------------------------

_COLUMNS = """(selector) => [...document.querySelector(selector).querySelectorAll("thead th")]
    .map((th) => ({label: th.textContent.trim(),
                   width: Math.round(th.getBoundingClientRect().width)}))"""
_ROW_LABELS = """(selector) => [...document.querySelector(selector)
    .querySelectorAll("tbody th[scope=row]")].map((th) => Math.round(
        th.getBoundingClientRect().width))"""


@PHONES
def test_open_data_tables_are_readable_on_a_phone(open_context, live_server, device):
    store_period(PERIOD, big())
    page = open_context(device).new_page()
    page.goto(f"{live_server.url}/vi/open-data/?period={PERIOD.key}")
    assert page.locator("#opendata-axes").count()
    # Wide tables scroll inside their own box; the page itself does not.
    assert_fits(page)

    # The data dictionary: every column wide enough for a few words a line, the meaning a
    # short paragraph (before: the field column took 338 px, the others 82 to 87 px).
    columns = page.evaluate(_COLUMNS, "table:has(> #opendata-dictionary-caption)")
    assert len(columns) == 5, columns
    assert columns[1]["width"] >= 150, columns  # Meaning
    assert columns[4]["width"] >= 150, columns  # When it is hidden
    assert min(column["width"] for column in columns) >= 95, columns

    # By diplomacy axis: the row labels (the figures' names) are not one word a line.
    labels = page.evaluate(_ROW_LABELS, "#opendata-axes")
    assert labels and min(labels) >= 120, labels


# --- desktop main menu --------------------------------------------------------------------

_MAIN_MENU = """() => {
    const bar = document.querySelector("#krds-header .krds-main-menu");
    const list = bar.querySelector(".gnb-menu");
    const barBox = bar.getBoundingClientRect();
    const listBox = list.getBoundingClientRect();
    return [...list.querySelectorAll(".gnb-main-trigger")].map((link) => {
        const range = document.createRange();
        range.selectNodeContents(link);
        const text = range.getBoundingClientRect();
        const box = link.getBoundingClientRect();
        return {label: link.textContent.trim(),
                textHeight: text.height, lineHeight: parseFloat(getComputedStyle(link).lineHeight),
                right: box.right, listRight: listBox.right,
                textBottom: text.bottom, barBottom: barBox.bottom};
    });
}"""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_desktop_menu_labels_stay_on_one_line_inside_the_bar(open_context, live_server, lang):
    # The longest menu: a staff member's (Vietnamese and English labels are the longest).
    staff = UserFactory(is_staff=True, email=f"staff.{lang}@gangnam.example")
    context = open_context(DESKTOP)
    log_in(context, staff, base_url=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/events/")
    for width in (1024, 1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        items = page.evaluate(_MAIN_MENU)
        assert len(items) >= 8, items
        for item in items:
            where = f"{lang} at {width} px: {item}"
            assert item["textHeight"] < 1.5 * item["lineHeight"], f"label wraps, {where}"
            assert item["right"] <= item["listRight"] + 0.5, f"cut off at the right, {where}"
            assert item["textBottom"] <= item["barBottom"] + 0.5, f"below the bar, {where}"


# --- phone menu ---------------------------------------------------------------------------

_PHONE_MENU = """() => {
    const tabs = [...document.querySelectorAll("#mobile-nav .menu-wrap .gnb-main-trigger")];
    const close = document.querySelector("#mobile-nav #close-nav").getBoundingClientRect();
    return {
        tabs: tabs.map((tab) => {
            const range = document.createRange();
            range.selectNodeContents(tab);
            const text = range.getBoundingClientRect();
            const box = tab.getBoundingClientRect();
            return {label: tab.textContent.trim(), scrollHeight: tab.scrollHeight,
                    clientHeight: tab.clientHeight, textTop: text.top, textBottom: text.bottom,
                    top: box.top, bottom: box.bottom};
        }),
        close: {width: close.width, height: close.height},
    };
}"""


@pytest.mark.parametrize("lang", ["vi", "ja"])
@PHONES
def test_phone_menu_tabs_hold_their_labels_and_close_is_a_big_target(
        open_context, live_server, lang, device):
    reader = UserFactory(email=f"menu.{lang}@example.org", preferred_language=lang)
    context = open_context(device)
    log_in(context, reader, base_url=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/{lang}/")
    click(page.locator("#krds-header .btn-navi.all"))
    page.locator("#mobile-nav.is-open").wait_for()

    menu = page.evaluate(_PHONE_MENU)
    assert len(menu["tabs"]) == 2, menu
    for tab in menu["tabs"]:
        # "Tài khoản của tôi" and "アカウント" take two lines: the tab grows with them.
        assert tab["scrollHeight"] <= tab["clientHeight"], tab
        assert tab["top"] <= tab["textTop"] and tab["textBottom"] <= tab["bottom"], tab
    # 44 x 44 px: the size WCAG 2.5.5 asks of a touch target.
    assert menu["close"]["width"] >= 44 and menu["close"]["height"] >= 44, menu["close"]


# --- spacing ------------------------------------------------------------------------------

_GAP = """([above, below]) => document.querySelector(below).getBoundingClientRect().top
    - document.querySelector(above).getBoundingClientRect().bottom"""


def test_links_do_not_touch_the_buttons_above_them(open_context, live_server):
    page, registration, _full = _reader_page(open_context, live_server, PHONE)
    base = live_server.url

    page.goto(f"{base}/vi/accounts/profile/")
    gap = page.evaluate(_GAP, ['main .portal-btn-group a[href$="/profile/delete/"]',
                               'main a[href$="/privacy/"]'])
    assert gap >= 12, f"privacy policy link {gap} px under the delete button"

    page.goto(f"{base}/vi/events/{registration.event.slug}/")
    gap = page.evaluate(_GAP, [".events-register-box .events-register-btn",
                               ".events-register-box .events-feedback-link a"])
    assert gap >= 12, f"feedback links {gap} px under the ticket button"
