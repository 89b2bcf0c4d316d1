from __future__ import annotations

import pytest
from django.conf import settings

from tests.utils import readyz_in_subprocess, run_django

# Nothing listens on the discard port; connecting is refused at once.
CLOSED_POSTGRES = "postgres://portal:portal@127.0.0.1:9/portal"
CLOSED_REDIS = "redis://127.0.0.1:9/0"


def test_healthz_answers_without_touching_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_reports_every_check_ok(client):
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    expected = {"database", "cache"} | ({"broker"} if settings.CELERY_BROKER_URL else set())
    assert set(body["checks"]) == expected
    assert all(check["ok"] for check in body["checks"].values())


def test_readyz_fails_clearly_when_the_database_is_down():
    status, body = readyz_in_subprocess({"DATABASE_URL": CLOSED_POSTGRES})
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is False
    assert "OperationalError" in body["checks"]["database"]["error"]
    assert body["checks"]["cache"]["ok"] is True


def test_readyz_fails_clearly_when_the_broker_is_down():
    status, body = readyz_in_subprocess(
        {"REDIS_URL": CLOSED_REDIS, "DATABASE_URL": "sqlite:///:memory:"}
    )
    assert status == 503
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["broker"]["ms"] < 10_000


def test_without_a_broker_tasks_run_eagerly():
    """The embedded default of `make run`: no REDIS_URL means Celery runs tasks in-process."""
    proc = run_django(
        "from django.conf import settings\n"
        "from apps.core.tasks import ping\n"
        "print(settings.CELERY_TASK_ALWAYS_EAGER, ping.delay().get()['pong'])\n",
        env={"REDIS_URL": "", "CELERY_BROKER_URL": "", "DATABASE_URL": "sqlite:///:memory:"},
        settings="config.settings.local",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[-2:] == ["True", "True"]
