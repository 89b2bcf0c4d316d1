"""Security headers: the Content-Security-Policy (django-csp) and Django's own headers.

- The headers on a public page, an API response, the admin, Swagger UI and ReDoc, and HSTS
  under the production settings.
- Every template of ours is scanned: no inline script, inline event handler, `javascript:` URL,
  inline style element or style attribute, so none can creep back in (the policy would block
  it in the browser, silently). The few nonce-carrying exceptions are listed with the reason.
- In Debian's Chromium (marker `browser`): the pages whose third-party code is most likely to
  trip the policy (Swagger UI, ReDoc, the admin, the dashboard, the door check-in, DRF's
  browsable API) load without a single policy violation, and still work.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import REQUIRE_SERVICES
from tests.events.factories_admin import EventFactory, RegistrationFactory, make_organizer
from tests.factories import UserFactory
from tests.utils import ROOT, run_django

# --- The policy ---------------------------------------------------------------------------


def parse_policy(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict_policy(response, *, nonce: bool = False) -> dict[str, list[str]]:
    """The portal's policy: only our own origin, no inline code unless it carries this
    response's nonce, no plugins, no <base> hijack, forms only to us, never framed."""
    assert "Content-Security-Policy" in response, "no Content-Security-Policy header"
    policy = parse_policy(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive], directive
        assert "'unsafe-eval'" not in policy[directive], directive
        assert not any(source.startswith(("http:", "https:", "*")) or source == "data:"
                       for source in policy[directive]), directive
    nonces = [s for s in policy["script-src"] if s.startswith("'nonce-")]
    if nonce:
        assert len(nonces) == 1, policy["script-src"]
    else:
        # A page that needs no nonce gets none: 'self' is all it may run.
        assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert set(policy["img-src"]) <= {"'self'", "data:"}
    assert policy["connect-src"] == ["'self'"]
    return policy


def assert_django_headers(response, *, opener_policy: str = "same-origin") -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == opener_policy


def nonce_of(policy: dict[str, list[str]]) -> str:
    (source,) = [s for s in policy["script-src"] if s.startswith("'nonce-")]
    return source.removeprefix("'nonce-").removesuffix("'")


# --- Headers on each kind of response -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ko/", "/vi/events/", "/en/accounts/login/", "/ja/privacy/"])
def test_public_pages_have_the_strict_policy_and_headers(client, path):
    EventFactory()
    response = client.get(path)
    assert response.status_code == 200
    assert_strict_policy(response)
    assert_django_headers(response)


@pytest.mark.django_db
def test_error_pages_have_the_policy_too(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert_strict_policy(response)
    assert_django_headers(response)


@pytest.mark.django_db
def test_api_responses_have_the_headers():
    EventFactory()
    response = APIClient().get("/api/v1/events/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert_strict_policy(response)
    assert_django_headers(response)
    error = APIClient().get("/api/v1/me/")
    assert error.status_code == 401
    assert_strict_policy(error)
    assert_django_headers(error)


@pytest.mark.django_db
def test_the_admin_login_and_admin_pages_have_the_headers(client):
    # Anonymous: the admin's login (which may hand over to allauth's login, which asks staff
    # for their second factor) and the page it ends on.
    first = client.get("/ko/admin/login/")
    assert first.status_code in (200, 302)
    final = client.get("/ko/admin/login/", follow=True)
    assert final.status_code == 200
    assert b'type="password"' in final.content
    for response in (first, final):
        assert_strict_policy(response)
        assert_django_headers(response)
    organizer = make_organizer()
    event = EventFactory(organizers=[organizer])
    client.force_login(organizer)
    for url in (reverse("admin:index"),
                reverse("admin:events_event_change", args=[event.pk])):
        page = client.get(url)
        assert page.status_code == 200, url
        assert_strict_policy(page)
        assert_django_headers(page)


@pytest.mark.django_db
def test_swagger_ui_runs_its_start_up_script_by_nonce_only(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = assert_strict_policy(response, nonce=True)
    # drf-spectacular opens Swagger UI to other windows for its OAuth2 pop-up; the portal
    # has no OAuth2, and a window opened from elsewhere still cannot frame or script it.
    assert_django_headers(response, opener_policy="unsafe-none")
    nonce = nonce_of(policy)
    html = response.content.decode()
    # The one inline script carries this response's nonce, and the nonce is fresh each time.
    assert html.count(f'nonce="{nonce}"') == 1
    assert "SwaggerUIBundle(" in html
    assert nonce_of(parse_policy(client.get("/api/docs/")["Content-Security-Policy"])) != nonce


@pytest.mark.django_db
def test_redoc_gets_the_nonce_for_its_styles(client):
    response = client.get("/api/redoc/")
    assert response.status_code == 200
    policy = assert_strict_policy(response, nonce=True)
    nonce = nonce_of(policy)
    html = response.content.decode()
    assert f'src="/static/js/redoc-init.js" nonce="{nonce}"' in html
    # No inline script at all on this page: the nonce is handed to ReDoc through its tag.
    assert not InlineCodeFinder.find(html)


@pytest.mark.django_db
def test_hsts_and_the_headers_under_production_settings():
    proc = run_django(
        "import json\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz', secure=True)\n"
        "print(json.dumps({'status': r.status_code, 'headers': dict(r.headers)}))\n",
        env={
            "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
            "ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": "sqlite:///:memory:",
        },
        settings="config.settings.production",
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    headers = result["headers"]
    assert result["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert_strict_policy(_Headers(headers))
    assert_django_headers(_Headers(headers))


class _Headers(dict):
    """Response headers as a mapping that `assert_*` can read like a response."""


# --- No inline code in our templates ---------------------------------------------------------

TEMPLATES = ROOT / "templates"
# Mail is read in mail clients, where inline styles are the only styles that work, and is
# never served under the policy.
NOT_SERVED_UNDER_CSP = ("emails/",)
# Inline code that carries the request's CSP nonce, each with the reason it cannot be a file.
NONCED_INLINE = {
    # drf-spectacular's swagger_ui.js is a template rendered per request (schema URL, CSRF
    # header and token): the page's only inline script.
    "drf_spectacular/swagger_ui.html": "script",
    # DRF writes the syntax-highlighting rules of the browsable API as a <style>.
    "rest_framework/api.html": "style",
}
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
DJANGO_COMMENTS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)


class InlineCodeFinder(HTMLParser):
    """Inline scripts (not data blocks), event-handler attributes, javascript: URLs, <style>
    elements and style attributes, each as (line, what, nonce attribute present)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, bool]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    @classmethod
    def find(cls, html: str) -> list[tuple[int, str, bool]]:
        finder = cls()
        finder.feed(DJANGO_COMMENTS.sub(lambda m: "\n" * m.group().count("\n"), html))
        finder.close()
        return finder.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        names = dict(attrs)
        for name, value in attrs:
            if re.fullmatch(r"on[a-z]+", name):
                self.found.append((line, f"<{tag} {name}=...> (inline event handler)", False))
            if name == "style":
                self.found.append((line, f"<{tag} style=...> (style attribute)", False))
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append((line, f"<{tag} {name}=javascript:...>", False))
        if tag in ("script", "style"):
            self._open = (tag, names)
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            opened, names = self._open
            body = "".join(self._text).strip()
            kind = (names.get("type") or "").strip().lower()
            is_data = opened == "script" and kind in DATA_SCRIPT_TYPES
            if body and not is_data and "src" not in names:
                self.found.append((self.getpos()[0], f"inline <{opened}>", "nonce" in names))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


def _our_templates() -> list[Path]:
    return sorted(
        path for path in TEMPLATES.rglob("*.html")
        if not path.relative_to(TEMPLATES).as_posix().startswith(NOT_SERVED_UNDER_CSP)
    )


def test_the_scanner_finds_what_it_should():
    found = InlineCodeFinder.find(
        '<script>alert(1)</script><script src="/a.js"></script>'
        '<script type="application/json" id="d">{"a": 1}</script>'
        '<button onclick="go()">x</button><a href="javascript:go()">y</a>'
        '<p style="color:red">z</p><style>p{}</style>'
        '<script nonce="{{ request.csp_nonce }}">ok()</script>'
        "{% comment %}<script>commented()</script>{% endcomment %}{# <b onclick=x> #}"
    )
    assert [what for _, what, _ in found] == [
        "inline <script>", "<button onclick=...> (inline event handler)",
        "<a href=javascript:...>", "<p style=...> (style attribute)", "inline <style>",
        "inline <script>",
    ]
    assert [nonce for *_, nonce in found] == [False, False, False, False, False, True]


def test_no_template_has_inline_code():
    """Scripts and styles live in static/js and static/css; handlers are attached there."""
    templates = _our_templates()
    assert len(templates) > 40
    problems = []
    for path in templates:
        name = path.relative_to(TEMPLATES).as_posix()
        for line, what, has_nonce in InlineCodeFinder.find(path.read_text(encoding="utf-8")):
            allowed = NONCED_INLINE.get(name)
            if has_nonce and allowed and what == f"inline <{allowed}>":
                continue
            problems.append(f"templates/{name}:{line}: {what}")
    assert not problems, "inline code, which the Content-Security-Policy blocks:\n" + "\n".join(
        problems
    )


def test_every_nonce_exception_is_still_needed():
    for name, kind in NONCED_INLINE.items():
        found = InlineCodeFinder.find((TEMPLATES / name).read_text(encoding="utf-8"))
        assert (f"inline <{kind}>", True) in [(what, nonce) for _, what, nonce in found], name


def test_python_code_writes_no_inline_code_into_pages():
    """format_html/mark_safe in admin columns and template tags obey the same rule."""
    pattern = re.compile(r"<script\b(?![^>]*\bsrc=)|\bon[a-z]+=[\"']|\bstyle=[\"']|javascript:",
                         re.IGNORECASE)
    problems = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "apps").rglob("*.py")) if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not problems, problems


# --- In the browser -----------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
# Listens before any script of the page runs; the page's own list of violations.
RECORD_VIOLATIONS = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
    "{directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,"
    " line: e.lineNumber}));"
)
# ReDoc shows Redocly's logo from Redocly's server; the policy blocks it (as it should: no
# page loads anything from another host) and ReDoc then leaves the logo out.
EXPECTED_BLOCKS = {("/api/redoc/", "img-src", "https://cdn.redoc.ly/redoc/logo-mini.svg")}


def _chromium() -> str:
    path = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if not path:
        reason = f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
        if REQUIRE_SERVICES:
            pytest.fail(f"{reason} (required in CI)", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_with_third_party_code_run_without_policy_violations(live_server, client):
    """Every row is set up before Playwright starts: its sync API runs an event loop in
    this thread, under which Django refuses database calls."""
    executable = _chromium()
    superuser = UserFactory(is_staff=True, is_superuser=True)
    organizer = make_organizer()
    event = EventFactory(organizers=[organizer])
    RegistrationFactory(event=event)
    client.force_login(superuser)
    session = client.cookies["sessionid"].value
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_event_add"),
        reverse("admin:events_registration_changelist"),
        reverse("admin:django_celery_beat_periodictask_add"),
        reverse("dashboard:index"),
        reverse("checkin:event", args=[event.slug]),
        "/api/v1/events/",  # DRF's browsable API
    ]

    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_init_script(RECORD_VIOLATIONS)

            def visit(path: str) -> object:
                page = context.new_page()
                page.goto(live_server.url + path, wait_until="networkidle")
                return page

            for path in ("/ko/", "/api/docs/"):
                page = visit(path)
                if path == "/api/docs/":
                    page.locator(".swagger-ui .info .title").wait_for()
                    page.locator(".opblock-summary-path").first.wait_for()
                results[path] = page.evaluate("window.__cspViolations")
                page.close()

            page = visit("/api/redoc/")
            page.locator(".api-info h1").wait_for()
            # The search runs in a Worker made from a Blob (worker-src blob:).
            page.locator("input.search-input").fill("events")
            page.locator("[data-role='search:results'] li").first.wait_for()
            results["/api/redoc/"] = page.evaluate("window.__cspViolations")
            page.close()

            context.add_cookies([{"name": "sessionid", "value": session,
                                  "url": live_server.url}])
            for path in admin_pages:
                page = visit(path)
                assert "/login" not in page.url and "/2fa/" not in page.url, (path, page.url)
                results[path] = page.evaluate("window.__cspViolations")
                page.close()
        finally:
            browser.close()

    unexpected = {
        path: [v for v in violations
               if (path, v["directive"], v["blocked"]) not in EXPECTED_BLOCKS]
        for path, violations in results.items()
    }
    assert not any(unexpected.values()), json.dumps(unexpected, indent=1)
