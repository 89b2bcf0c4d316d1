"""Helpers for tests that run the portal in a separate process with its own environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(code: str, *, env: dict[str, str], settings: str = "config.settings.test",
               timeout: int = 60) -> subprocess.CompletedProcess:
    """Runs `code` after django.setup() in a fresh interpreter with `env` on top of ours."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings, **env}
    for key, value in env.items():
        if value is None:
            full_env.pop(key, None)
    script = "import django\ndjango.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=full_env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )


def readyz_in_subprocess(env: dict[str, str]) -> tuple[int, dict]:
    proc = run_django(
        "from django.test import Client\n"
        "r = Client().get('/readyz')\n"
        "print(r.status_code)\n"
        "print(r.content.decode())\n",
        env={"ALLOWED_HOSTS": "testserver", **env},
    )
    assert proc.returncode == 0, proc.stderr
    status_line, body = proc.stdout.strip().splitlines()[-2:]
    return int(status_line), json.loads(body)


def run_concurrently(func, args_list, *, workers: int = 20) -> list:
    """Calls func(arg) for every arg from `workers` threads at once, each thread on its own
    database connection (closed afterwards). Returns results (or exceptions) in input order."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    start = threading.Event()

    def call(arg):
        start.wait(timeout=30)
        try:
            return func(arg)
        except Exception as exc:  # the test inspects what each call raised
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(call, arg) for arg in args_list]
        start.set()
        return [future.result() for future in futures]


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.1) -> bool:
    """Polls `predicate` until it is true or `timeout` seconds pass (work done by another
    process: a Celery worker, an SMTP sink)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
