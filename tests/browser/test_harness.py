"""The checks of the browser tests catch what they claim to: a test suite whose checks can
never fail proves nothing. Pages here are served by Playwright itself (no live server)."""

from __future__ import annotations

import pytest

from .support import BrowserProblems, axe_violations, texts_without_lang, watch_context

pytestmark = pytest.mark.browser

ORIGIN = "http://portal.test"
STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'"


def _serve(context, body: str, *, csp: str = "") -> None:
    headers = {"Content-Security-Policy": csp} if csp else {}
    context.route(f"{ORIGIN}/**", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", headers=headers, body=body))


def test_axe_reports_serious_and_critical_violations(new_context):
    context = new_context()
    _serve(context, """<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>
        <main><h1>Broken</h1>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <p class="pale">Pale text</p><input type="text">
        <p>Not Korean: <span>강남</span> and <span lang="ko">강남구</span></p></main>
        <style>.pale { color: #c8c8c8; background: #fff; }</style></body></html>""")
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "color-contrast", "label"} <= found, found
    assert texts_without_lang(page, "강남", "ko") == ['<span class=""> in lang="en"']


def test_csp_violations_console_errors_and_broken_files_are_caught(new_context):
    context = new_context()
    problems = BrowserProblems()
    watch_context(context, problems)
    _serve(context, """<!DOCTYPE html><html lang="en"><head><title>t</title>
        <link rel="stylesheet" href="/missing.css"></head><body>
        <script>document.title = "inline ran";</script>
        <p style="color: red">styled inline</p></body></html>""", csp=STRICT_CSP)
    context.route(f"{ORIGIN}/missing.css", lambda route: route.fulfill(status=404, body=""))
    page = context.new_page()
    page.goto(f"{ORIGIN}/")
    page.evaluate("() => console.error('boom')")
    expected = ("CSP violation: script-src", "CSP violation: style-src",
                "404 for stylesheet", "console error: boom")
    # Violation events, and Playwright's response and console events, reach this thread
    # asynchronously, later still on a loaded machine: wait for all of them (up to 10 s)
    # rather than for a fixed time, then assert on the final report.
    for _ in range(100):
        if all(item in problems.report() for item in expected):
            break
        page.wait_for_timeout(100)
    report = problems.report()
    assert page.title() == "t"  # the inline script was blocked
    for item in expected:
        assert item in report, report
