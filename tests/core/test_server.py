"""The production web server (config/server.py): Granian serving Django over WSGI, started as
the Dockerfile and docker-compose.yml start it, with production settings."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from config import server
from tests.utils import ROOT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    # Header names in lower case: HTTP/1.1 names are case-insensitive, and Granian sends them so.
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_options_come_from_the_environment():
    defaults = server.options({})
    assert (defaults["address"], defaults["port"]) == ("0.0.0.0", 8000)
    assert defaults["workers"] == len(os.sched_getaffinity(0))
    assert defaults["blocking_threads"] == 2 and defaults["log_access"] is True
    assert str(defaults["interface"].value) == "wsgi"
    changed = server.options({"WEB_CONCURRENCY": "5", "WEB_THREADS": "3",
                              "WEB_ACCESS_LOG": "false", "WEB_PORT": "8100"})
    assert (changed["workers"], changed["blocking_threads"], changed["log_access"],
            changed["port"]) == (5, 3, False, 8100)


def test_the_server_serves_the_portal_and_stops_cleanly(tmp_path):
    from tests.conftest import _database_url_for_subprocess
    from tests.factories import EventFactory

    EventFactory(title_en="Multilingual Governance Day", title_ko="다국어 거버넌스의 날")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": _database_url_for_subprocess(),
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    # As the Dockerfile does: the pages need the manifest of the collected static files.
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert collect.returncode == 0, collect.stderr
    proc = subprocess.Popen(
        [sys.executable, "-m", "config.server"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read()
            try:
                status, _headers, _body = get(port, "/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start within 60 s"
                time.sleep(0.3)
        assert status == 200
        status, headers, body = get(port, "/api/v1/events/", {"Accept-Language": "ko"})
        assert status == 200
        assert "content-security-policy" in headers
        titles = [event["title"] for event in json.loads(body)["results"]]
        assert titles == ["다국어 거버넌스의 날"]
        status, _headers, body = get(port, "/ko/events/")
        page = body.decode()
        assert status == 200 and "다국어 거버넌스의 날" in page
        stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        status, headers, body = get(port, stylesheet)  # whitenoise, through the server
        assert status == 200 and body and "max-age" in headers.get("cache-control", "")
    finally:
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=40)
    assert proc.returncode == 0, output
    assert "GET /api/v1/events/" in output  # the access log
