"""Helpers of the browser tests: watching pages for problems, logging in, reading codes from
the mail outbox, axe-core and the `lang` checks."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import mail
from django.test import Client

from tests.factories import mark_session_mfa_done

AXE_SOURCE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.1 level A and AA rules only (axe's "best-practice" rules are advice, not the bar).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")

# Reported as a console error by Chromium for every 4xx/5xx response, including forms that
# answer 400 on purpose; responses are checked by status in watch_context instead.
_RESOURCE_STATUS = re.compile(r"^Failed to load resource: the server responded with a status")
# Chromium reports a violation as a console error; the listener adds the directive and URL.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || document.location.href}:${e.lineNumber}`);
});
"""


@dataclass
class BrowserProblems:
    """What went wrong in any page of a test, reported together at its end."""

    entries: list[str] = field(default_factory=list)

    def add(self, url: str, text: str) -> None:
        self.entries.append(f"{url}: {text}")

    def __bool__(self) -> bool:
        return bool(self.entries)

    def report(self) -> str:
        return "problems seen in the browser:\n  " + "\n  ".join(self.entries)


def watch_context(context: Any, problems: BrowserProblems) -> None:
    """Console errors, uncaught exceptions, CSP violations, server errors and broken
    sub-resources (a style sheet, script or image that does not load) of every page of
    `context`.

    The listeners go on the context, not on each page from its "page" event: that event's
    handler runs asynchronously and may attach only after the first navigation has begun,
    missing its first requests (seen as a 404 that was never reported).
    """
    context.add_init_script(script=_CSP_LISTENER)

    def url_of(page: Any) -> str:
        return page.url if page is not None else "(no page)"

    def on_console(message: Any) -> None:
        if message.type == "error" and not _RESOURCE_STATUS.match(message.text):
            problems.add(url_of(message.page), f"console error: {message.text}")

    def on_response(response: Any) -> None:
        kind = response.request.resource_type
        if response.status >= 500 or (response.status >= 400 and kind != "document"):
            problems.add(url_of(response.frame.page),
                         f"{response.status} for {kind} {response.url}")

    def on_request_failed(request: Any) -> None:
        # ERR_ABORTED: a navigation replaced by the next one (a click before a load ended).
        if request.failure and "ERR_ABORTED" not in request.failure:
            problems.add(url_of(request.frame.page),
                         f"request failed ({request.failure}): {request.url}")

    context.on("console", on_console)
    context.on("weberror", lambda error: problems.add(url_of(error.page),
                                                      f"uncaught error: {error.error}"))
    context.on("response", on_response)
    context.on("requestfailed", on_request_failed)


# --- pointer ----------------------------------------------------------------------------

def click(locator: Any) -> None:
    """Scrolls to the element, then clicks it.

    KRDS slides its fixed header bar in and out as the page scrolls (an animation of 0.4 s):
    a click that scrolls and presses in one go can press on the element and let go on the
    bar that slid over it. A person scrolls first and taps after; so does this.
    """
    locator.scroll_into_view_if_needed()
    locator.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    locator.click()


# --- accounts ---------------------------------------------------------------------------
# Staff must use two-factor (allauth MFA, TOTP) to reach the admin, the dashboard and the door
# check-in. Everything below also works where allauth.mfa is not installed: then there is no
# second step to take.

PASSWORD = "correct-horse-battery"  # tests/factories.py UserFactory


def log_in(context: Any, user: Any, *, base_url: str) -> None:
    """Puts a logged-in session for `user` in the browser context, for pages that are not
    about logging in (the journeys log in through the forms). A staff session is marked as
    having used the authenticator app, as allauth marks it when the code is entered."""
    from apps.accounts.middleware import SESSION_KEY as APPLY_LANGUAGE

    client = Client()
    client.force_login(user)
    # The login would send the next page to the person's preferred language; the tests open
    # the language they mean to test.
    session = client.session
    session.pop(APPLY_LANGUAGE, None)
    session.save()
    if user.is_staff and mfa_enabled():
        add_totp(user)
        mark_session_mfa_done(client, user)  # as allauth records the code at login
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                          "url": base_url}])


def staff_login(page: Any, user: Any, *, url: str) -> None:
    """Opens `url` (a staff page) and logs in on whatever comes: Django's admin login form or
    allauth's, then the authenticator code when the portal asks for one."""
    page.goto(url)
    if page.locator("#id_username").count():
        page.locator("#id_username").fill(user.email)
        page.locator("#id_password").fill(PASSWORD)
        click(page.locator("#login-form [type=submit]"))
    elif page.locator("input[name=login]").count():
        page.locator("input[name=login]").fill(user.email)
        page.locator("input[name=password]").fill(PASSWORD)
        click(page.locator("main form [type=submit]").first)
    page.wait_for_load_state()
    if page.locator("main input[name=code]").count():
        assert mfa_enabled(), page.url
        page.locator("main input[name=code]").fill(totp_code(add_totp(user)))
        click(page.locator("main form [type=submit]").first)
    page.wait_for_url(url.split("?")[0] + "**")


_CODE = re.compile(r"^\s*([A-Z0-9-]{6,12})\s*$", re.MULTILINE)


def emailed_code(to: str) -> str:
    """The code of the latest message to `to` in the locmem outbox (the live server runs in
    this process, so its mail lands here)."""
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no mail to {to}; outbox: {[m.subject for m in mail.outbox]}"
    match = _CODE.search(messages[-1].body)
    assert match, messages[-1].body
    return match.group(1)


def mfa_enabled() -> bool:
    return "allauth.mfa" in settings.INSTALLED_APPS


def add_totp(user: Any) -> str:
    """The secret of `user`'s authenticator app, set up if the factories did not."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import decrypt

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now; never in the last seconds of its time step,
    so it is still valid when a busy server reads it (the portal allows no tolerance)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 4:
        time.sleep(period - time.time() % period + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


# --- axe-core and lang ------------------------------------------------------------------

_axe_source: str | None = None


def axe_violations(page: Any) -> list[dict]:
    """Violations of WCAG 2.1 A/AA rules with impact serious or critical on the page as it is
    now. axe is evaluated through the DevTools protocol, which the page's CSP does not block
    (a <script> tag would be).

    The page is run in a window as tall as the page: axe cannot tell the contrast of text
    outside the window (it reports it as "needs review", not as a violation), so on a window
    of one screen most of a long page would go unchecked.
    """
    global _axe_source
    if _axe_source is None:
        _axe_source = AXE_SOURCE_PATH.read_text(encoding="utf-8")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source)
    window = page.viewport_size
    height = page.evaluate("() => document.documentElement.scrollHeight")
    page.set_viewport_size({"width": window["width"], "height": min(max(height, 1), 16_000)})
    try:
        return _axe_run(page)
    finally:
        page.set_viewport_size(window)


def _axe_run(page: Any) -> list[dict]:
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                    resultTypes: ["violations"]});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => ({target: n.target.join(" "),
                                            summary: n.failureSummary}))}));
        }""",
        AXE_TAGS,
    )
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [url]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}")
            summary = (node["summary"] or "").replace("\n", " ")
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def html_lang(page: Any) -> str:
    return page.evaluate("() => document.documentElement.lang")


def texts_without_lang(page: Any, text: str, lang: str) -> list[str]:
    """Elements of the body showing `text` whose language (the nearest lang attribute) is not
    `lang`: content shown in a fallback language must say which language it is in."""
    return page.evaluate(
        """([text, lang]) => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            const wrong = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.nodeValue.includes(text)) continue;
                const element = node.parentElement;
                const declared = element.closest("[lang]")?.getAttribute("lang") || "";
                if (declared.toLowerCase() !== lang.toLowerCase()) {
                    wrong.push(`<${element.tagName.toLowerCase()} class="${element.className}">`
                               + ` in lang="${declared}"`);
                }
            }
            return wrong;
        }""",
        [text, lang],
    )


# --- keyboard ---------------------------------------------------------------------------

_FOCUSED = """async () => {
    const el = document.activeElement;
    const inView = () => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight && r.right > 0
            && r.left < window.innerWidth;
    };
    // The page scrolls the focused element into view, smoothly (KRDS sets scroll-behavior):
    // wait until the scroll position has settled (a smooth scroll may start a frame late).
    let last = null;
    let still = 0;
    for (let frame = 0; frame < 180 && still < 8; frame++) {
        await new Promise((done) => requestAnimationFrame(done));
        const now = `${window.scrollX},${window.scrollY}`;
        still = now === last ? still + 1 : 0;
        last = now;
        if (still >= 2 && el && inView()) break;
    }
    // KRDS animates the focus style (border width and colour): judge the end state.
    const animated = el ? [el, ...(el.labels || [])] : [];
    await Promise.all(animated.flatMap((node) => node.getAnimations({subtree: true}))
        .map((animation) => animation.finished.catch(() => null)));
    if (!el || el === document.body) return {tag: "body", id: "", classes: "", href: "",
                                             visible: false,
                                             indicator: false, invalid: false, text: ""};
    const rect = el.getBoundingClientRect();
    const visible = rect.width > 0 && rect.height > 0 && rect.bottom > 0
        && rect.top < window.innerHeight && rect.right > 0 && rect.left < window.innerWidth;
    // A focus ring is an outline or a box shadow, on the element or, for KRDS's check boxes
    // and radio buttons (the input is hidden, its label draws the box), on the label. KRDS
    // marks a focused text field, select or text area with a 2 px border in the primary
    // colour instead (1 px grey otherwise).
    const ringOf = (node, pseudo) => {
        const style = getComputedStyle(node, pseudo);
        return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
            || (style.boxShadow && style.boxShadow !== "none")
            || (!pseudo && node.matches("input, select, textarea")
                && parseFloat(style.borderTopWidth) >= 2);
    };
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    // In a date field, the last Tab stop is the browser's own calendar button, inside the
    // field's closed shadow tree: the field no longer matches :focus, the browser draws the
    // ring on the button itself, and no script can read its style.
    const pickerButton = el.matches("input[type=date], input[type=time], "
        + "input[type=datetime-local], input[type=month], input[type=week]")
        && !el.matches(":focus");
    const indicator = pickerButton || ringOf(el) || (label !== null
        && (ringOf(label) || ringOf(label, "::before") || ringOf(label, "::after")));
    return {tag: el.tagName.toLowerCase(), id: el.id, classes: String(el.className),
            href: el.getAttribute("href") || "",
            visible: visible || (label !== null && label.getBoundingClientRect().height > 0),
            indicator, invalid: el.getAttribute("aria-invalid") === "true",
            text: (el.innerText || el.value || "").trim().slice(0, 60),
            rect: `${Math.round(rect.top)}..${Math.round(rect.bottom)} of ${window.innerHeight}`
                  + ` at scrollY ${Math.round(window.scrollY)}`,
            style: ((st) => `outline ${st.outlineStyle} ${st.outlineWidth}; box-shadow `
                    + `${st.boxShadow}; border ${st.borderTopWidth} ${st.borderTopColor}`)(
                getComputedStyle(el))};
}"""


def focused(page: Any) -> dict:
    """The element with the keyboard focus: whether it is on screen and visibly marked."""
    return page.evaluate(_FOCUSED)


def press_until(page: Any, key: str, selector: str, *, limit: int = 80) -> dict:
    """Presses `key` (Tab or Shift+Tab) until the focus is on `selector`. Every element on
    the way must be on screen with a visible focus indicator (WCAG 2.4.7)."""
    path = []
    for _ in range(limit):
        page.keyboard.press(key)
        where = focused(page)
        path.append(f"{where['tag']}#{where['id']} {where['href']} {where['text']!r}")
        assert where["tag"] != "body", f"focus fell out of the page after: {path}"
        assert where["visible"], f"focus on something not on screen: {where}; path: {path}"
        assert where["indicator"], f"focus without a visible indicator: {where}"
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return where
    raise AssertionError(f"{selector} not reached with {limit} × {key}: {path}")
