"""axe-core on every public page, the citizen's own pages and the door check-in, in all five
languages: no WCAG 2.1 A/AA violation of impact serious or critical. And `lang`: the page's
language on <html>, and lang="ko" on Korean text shown where a translation is missing.

One test per language walks all its pages and reports every problem at once. Korean, Chinese
and Vietnamese are toured on a phone (390 x 844), English and Japanese on a desktop screen, so
both layouts are checked on every page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from .conftest import DESKTOP, PHONE
from .pages import KOREAN_ONLY_QUESTION, KOREAN_ONLY_TITLE, World, accessibility_world
from .support import (
    axe_violations,
    click,
    describe_violations,
    html_lang,
    log_in,
    texts_without_lang,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["ko", "en", "zh-hans", "ja", "vi"]
DEVICES = {"ko": PHONE, "en": DESKTOP, "zh-hans": PHONE, "ja": DESKTOP, "vi": PHONE}


@dataclass(frozen=True)
class Stop:
    name: str
    path: str  # formatted with the world: {lang}, {translated}, {korean_only}, ...
    # Korean text the page shows in every language (the event without translations).
    korean_only: tuple[str, ...] = ()
    status: int = 200


ANONYMOUS = [
    Stop("home", "/{lang}/"),
    Stop("events list", "/{lang}/events/", (KOREAN_ONLY_TITLE,)),
    Stop("event detail", "/{lang}/events/{translated}/"),
    Stop("event detail, Korean only", "/{lang}/events/{korean_only}/", (KOREAN_ONLY_TITLE,)),
    Stop("feedback form", "/{lang}/feedback/", (KOREAN_ONLY_TITLE,)),
    Stop("feedback sent", "/{lang}/feedback/thanks/"),
    Stop("public feedback", "/{lang}/feedback/public/", (KOREAN_ONLY_TITLE,)),
    Stop("privacy policy", "/{lang}/privacy/"),
    Stop("accessibility statement", "/{lang}/accessibility/"),
    Stop("log in", "/{lang}/accounts/login/"),
    Stop("log in with a code", "/{lang}/accounts/login/code/"),
    Stop("sign up", "/{lang}/accounts/signup/"),
    Stop("open data", "/{lang}/open-data/"),
    Stop("page not found", "/{lang}/events/no-such-event/", status=404),
]
CITIZEN = [
    Stop("register", "/{lang}/events/{korean_only_open}/register/",
         (KOREAN_ONLY_TITLE, KOREAN_ONLY_QUESTION)),
    Stop("register (waiting list)", "/{lang}/events/{translated}/register/"),
    Stop("my registrations", "/{lang}/events/my/", (KOREAN_ONLY_TITLE,)),
    Stop("ticket", "/{lang}/events/my/{registration}/", (KOREAN_ONLY_TITLE,)),
    Stop("my feedback", "/{lang}/feedback/mine/", (KOREAN_ONLY_TITLE,)),
    Stop("my feedback, one", "/{lang}/feedback/mine/{feedback}/", (KOREAN_ONLY_TITLE,)),
    Stop("profile", "/{lang}/accounts/profile/"),
    Stop("message preferences", "/{lang}/notifications/preferences/"),
    Stop("email addresses", "/{lang}/accounts/email/"),
    Stop("delete my account", "/{lang}/accounts/profile/delete/", (KOREAN_ONLY_TITLE,)),
]
STAFF = [
    Stop("check-in, events", "/{lang}/checkin/", (KOREAN_ONLY_TITLE,)),
    Stop("check-in, door", "/{lang}/checkin/{korean_only}/", (KOREAN_ONLY_TITLE,)),
]


class Tour:
    """Visits pages and collects every problem, so one run reports them all."""

    def __init__(self, lang: str, base: str, world: World) -> None:
        self.lang, self.base, self.world = lang, base, world
        self.problems: list[str] = []
        self.visited = 0

    def url(self, stop: Stop) -> str:
        return self.base + stop.path.format(
            lang=self.lang, translated=self.world.translated.slug,
            korean_only=self.world.korean_only.slug,
            korean_only_open=self.world.korean_only_open.slug,
            registration=self.world.registration.pk,
            feedback=self.world.feedback.pk,
        )

    def visit(self, page, stop: Stop) -> None:
        response = page.goto(self.url(stop))
        if response is None or response.status != stop.status:
            status = response.status if response else "no response"
            self.problems.append(f"{stop.name}: {page.url} answered {status}")
            return
        self.check(page, stop.name, stop.korean_only)

    def check(self, page, name: str, korean_only: tuple[str, ...] = ()) -> None:
        self.visited += 1
        where = f"{name} ({page.url})"
        if html_lang(page) != self.lang:
            self.problems.append(f"{where}: <html lang={html_lang(page)!r}>")
        if self.lang != "ko":
            for text in korean_only:
                for element in texts_without_lang(page, text, "ko"):
                    self.problems.append(f"{where}: {text!r} in {element}, not lang=\"ko\"")
        violations = axe_violations(page)
        if violations:
            self.problems.append(describe_violations(where, violations))

    def report(self) -> str:
        return f"{len(self.problems)} problem(s) in {self.lang}:\n" + "\n".join(self.problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_passes_axe_and_says_its_language(open_context, live_server, lang):
    world = accessibility_world()
    tour = Tour(lang, live_server.url, world)
    device = DEVICES[lang]

    page = open_context(device).new_page()
    for stop in ANONYMOUS:
        tour.visit(page, stop)
    # The header's menus, open: the language list, and on a phone the menu dialog.
    page.goto(tour.url(ANONYMOUS[0]))
    click(page.locator("#krds-header .krds-language .drop-btn"))
    page.locator("#krds-header .krds-language .drop-menu").wait_for()
    tour.check(page, "language menu open")
    page.keyboard.press("Escape")
    if device is PHONE:
        click(page.locator("#krds-header .btn-navi.all"))
        page.locator("#mobile-nav.is-open").wait_for()
        tour.check(page, "menu open")
    # A form sent with mistakes: the error summary and the fields in error.
    page.goto(tour.url(ANONYMOUS[4]))
    with page.expect_navigation():
        click(page.locator("form.portal-form button[type=submit]").last)
    tour.check(page, "feedback form with errors", (KOREAN_ONLY_TITLE,))

    citizen = open_context(device)
    log_in(citizen, world.citizen, base_url=live_server.url)
    page = citizen.new_page()
    for stop in CITIZEN:
        tour.visit(page, stop)
    page.goto(tour.url(CITIZEN[0]))
    with page.expect_navigation():
        click(page.locator("form.events-register-form button[type=submit]"))
    tour.check(page, "register with errors", (KOREAN_ONLY_TITLE, KOREAN_ONLY_QUESTION))

    staff = open_context(device)
    log_in(staff, world.organizer, base_url=live_server.url)
    page = staff.new_page()
    for stop in STAFF:
        tour.visit(page, stop)
    # The outcome panel of a check-in, as the door staff see it.
    page.locator("#checkin-form input[name=ticket_code]").fill(world.registration.ticket_code)
    page.locator("#checkin-form input[name=ticket_code]").press("Enter")
    page.locator("#checkin-result [data-outcome=success]").wait_for()
    tour.check(page, "check-in, a ticket checked in", (KOREAN_ONLY_TITLE,))

    states = 5 if device is PHONE else 4
    assert tour.visited == len(ANONYMOUS) + len(CITIZEN) + len(STAFF) + states
    assert not tour.problems, tour.report()
