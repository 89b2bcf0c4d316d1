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
    """Rate limits and throttles live in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


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
def celery_worker_process(django_db_setup, django_db_blocker):
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
