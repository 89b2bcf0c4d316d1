"""Browser tests: Playwright (pytest-playwright) driving Debian's Chromium against the live
server of pytest-django, in the same process as the test.

- The browser is Debian's `chromium` (CHROMIUM_PATH, default /usr/bin/chromium), never
  Playwright's download: the machines that run the suite have no network. Missing, it skips
  the tests locally and fails them in CI (CI=true), like the PostgreSQL and Redis tests.
- Playwright's sync API keeps an asyncio loop running in the main thread, and Django refuses
  ORM calls under a running loop. The loop only lives while this package runs (the Playwright
  fixtures below are package-scoped, not pytest-playwright's session scope), and so does
  DJANGO_ALLOW_ASYNC_UNSAFE: the rest of the suite keeps Django's guard.
- Every page a test opens is watched: a console error, an uncaught exception, a
  Content-Security-Policy violation, a server error or a broken sub-resource fails the test.
- A failing test leaves full-page screenshots in test-artifacts/browser/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.conftest import REQUIRE_SERVICES
from tests.utils import ROOT

from .support import BrowserProblems, watch_context

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# No sandbox: CI runs as root in a container. The rest keeps Chromium off the network
# (updates, sync, field trials) and quiet, so nothing but the live server is contacted.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def _chromium() -> str | None:
    if Path(CHROMIUM_PATH).is_file() and os.access(CHROMIUM_PATH, os.X_OK):
        return CHROMIUM_PATH
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's options (--headed, --slowmo) plus Debian's Chromium."""
    executable = _chromium()
    if executable is None:
        reason = (f"needs Debian's Chromium at {CHROMIUM_PATH} "
                  "(apt-get install -y chromium; or set CHROMIUM_PATH)")
        if REQUIRE_SERVICES:
            pytest.fail(f"{reason} (required in CI)", pytrace=False)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        pw = sync_playwright().start()
        if _pw_api_request_contexts:
            _pw_api_request_contexts.instrument(pw)
        try:
            yield pw
        finally:
            pw.stop()


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name: str):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args: dict, browser_type) -> Callable[..., Any]:
    def launch(**kwargs: Any):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser) -> Iterator[Any]:
    """One Chromium for the whole package; each test gets fresh contexts (no shared cookies)."""
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args(pytestconfig, _pw_artifacts_folder) -> dict:
    # The viewport comes with each context (open_context): phone or desktop.
    args: dict[str, Any] = {"timezone_id": settings.TIME_ZONE, "locale": "ko-KR"}
    if pytestconfig.getoption("--video") in ("on", "retain-on-failure"):
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args


@pytest.fixture(scope="package", autouse=True)
def _fresh_artifacts() -> None:
    """Screenshots of this run only: an old one would point at a failure already fixed."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)


@pytest.fixture(autouse=True)
def _browser_test_setup(monkeypatch) -> Iterator[None]:
    from config.celery import app

    # Tasks run in the live server's request thread, so their mail lands in this process's
    # outbox, even if a real worker of another test (tests/conftest.py) is still running.
    previous_eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    # Feedback analysis loads language and sentence models that take seconds; it has its own
    # tests (tests/feedback). Here feedback stays "pending analysis", as it does for a moment
    # in production.
    monkeypatch.setattr("apps.feedback.services.queue_analysis",
                        lambda *, feedback_ids: True)
    yield
    app.conf.task_always_eager = previous_eager


@pytest.fixture
def problems() -> BrowserProblems:
    return BrowserProblems()


@pytest.fixture
def open_context(new_context, problems: BrowserProblems, request) -> Iterator[Callable]:
    """Opens a browser context (PHONE or DESKTOP, plus any Playwright option); every page in
    it is watched for problems. On failure, each open page is saved as a screenshot."""
    contexts: list[Any] = []

    def _open(device: dict | None = None, **kwargs: Any):
        context = new_context(**{**(device or DESKTOP), **kwargs})
        context.set_default_timeout(15_000)
        context.set_default_navigation_timeout(30_000)
        watch_context(context, problems)
        contexts.append(context)
        return context

    yield _open

    failed = any(getattr(request.node, f"rep_{when}", None) is not None
                 and getattr(request.node, f"rep_{when}").failed for when in ("setup", "call"))
    if failed:
        _save_screenshots(request.node.nodeid, contexts)
    elif problems:
        _save_screenshots(request.node.nodeid, contexts)
        pytest.fail(problems.report(), pytrace=False)


def _save_screenshots(nodeid: str, contexts: list[Any]) -> None:
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", nodeid).strip("-")[:180]
    folder.mkdir(parents=True, exist_ok=True)
    index = 0
    for context in contexts:
        for page in context.pages:
            index += 1
            try:
                page.screenshot(path=str(folder / f"page-{index}.png"), full_page=True,
                                timeout=5_000)
            except Exception as error:  # a crashed page must not hide the real failure
                (folder / f"page-{index}.txt").write_text(f"{page.url}\n{error}\n")
            else:
                (folder / f"page-{index}.url").write_text(page.url + "\n")

