"""Shared fixtures.

Tests marked `postgres` or `redis` need the real server. Locally, without one, they are
skipped with the reason shown; in CI (CI=true or REQUIRE_SERVICES=1) a missing server fails
the test, so CI can never go green without exercising the real path.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import UserFactory

REQUIRE_SERVICES = os.environ.get("CI", "").lower() == "true" or os.environ.get(
    "REQUIRE_SERVICES"
) == "1"


def _missing(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres"):
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            _missing("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if item.get_closest_marker("redis") and not settings.REDIS_URL:
        _missing("needs Redis: set REDIS_URL=redis://...")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache; each test starts with none used.

    Also resets Celery's process-wide "inside a task" flag: eager tasks run from several
    threads at once (concurrency tests) can leave it set, which would make a later
    `result.get()` refuse to wait.
    """
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _staff_force_login_used_two_factor(monkeypatch):
    """`client.force_login(staff)` stands for a login through allauth's pages, code included.

    Staff need a session that used their authenticator app (apps/accounts/middleware_mfa.py);
    staff made by the factories have one (tests/factories.py), and this marks the session
    the way allauth does when the code is entered. Accounts without an app stay unmarked, so
    the redirect to its activation is still what they get. `client.login()` is left alone: a
    password alone is not two-factor. tests/accounts/test_mfa.py checks the enforcement
    through the real login, activation and re-authentication pages, not through this.
    """
    from allauth.mfa.models import Authenticator
    from django.test.client import ClientMixin

    from tests.factories import mark_session_mfa_done

    force_login = ClientMixin.force_login

    def force_login_after_two_factor(self, user, backend=None):
        force_login(self, user, backend)
        if (user.is_staff or user.is_superuser) and Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists():
            mark_session_mfa_done(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login_after_two_factor)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_factory(db):
    return UserFactory


def _database_url_for_subprocess() -> str:
    """The URL of the database the tests use (the test database, once pytest-django made it)."""
    from django.db import connection

    db = connection.settings_dict
    if "postgresql" in db["ENGINE"]:
        return (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return os.environ.get("DATABASE_URL", "sqlite:///:memory:")


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, smtp_sink_server):
    """A real `celery worker` process on real Redis, consuming default, mail and analysis.

    With PostgreSQL it shares the test database, so tasks see rows that tests commit
    (use `transactional_db` in such tests). The publishing side is switched off eager mode.
    """
    import subprocess
    import sys
    import time

    from config.celery import app
    from tests.utils import ROOT

    if not settings.REDIS_URL:
        _missing("needs Redis: set REDIS_URL=redis://...")
    with django_db_blocker.unblock():
        database_url = _database_url_for_subprocess()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_TASK_ALWAYS_EAGER": "False",
        # The worker's mail goes to the test's real SMTP sink.
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink_server.port}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    previous_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    app.control.purge()
    name = f"pytest-{os.getpid()}@localhost"
    log_dir = ROOT / "test-artifacts"
    log_dir.mkdir(exist_ok=True)
    log = open(log_dir / "celery-worker.log", "w")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "default,mail,analysis",
         "--concurrency=2", "--loglevel=INFO", "-n", name,
         "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"celery worker exited early, see {log.name}")
            replies = app.control.ping(destination=[name], timeout=1.0)
            if replies:
                break
        else:
            pytest.fail("celery worker did not answer a ping within 60 s")
        yield proc
    finally:
        app.conf.task_always_eager = previous_eager
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


class SmtpSink:
    """A real SMTP server (aiosmtpd) on loopback that records messages and can be told to
    answer 451 (try later) a number of times, or 550 (refused) always."""

    def __init__(self) -> None:
        import threading

        self.messages: list = []
        self.fail_next = 0
        self.refuse = False
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        with self.lock:
            if self.refuse:
                return "550 5.1.1 Mailbox unavailable"
            if self.fail_next > 0:
                self.fail_next -= 1
                return "451 4.3.0 Try again later"
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def reset(self) -> None:
        with self.lock:
            self.messages.clear()
            self.fail_next = 0
            self.refuse = False


@pytest.fixture(scope="session")
def smtp_sink_server():
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port
    yield sink
    controller.stop()


@pytest.fixture
def smtp_sink(smtp_sink_server, settings):
    """Mail from this process goes to the real SMTP sink for the test."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    smtp_sink_server.reset()
    yield smtp_sink_server
    smtp_sink_server.reset()
