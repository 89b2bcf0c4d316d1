"""gunicorn settings for the web process: `gunicorn -c config/gunicorn.py config.wsgi`.

Used by the Dockerfile, docker-compose.yml and bench/registration.py, so the benchmark
measures what is deployed. Every value can be overridden from the environment.
https://docs.gunicorn.org/en/stable/settings.html
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers: each holds one request at a time; requests are short and wait only on
# PostgreSQL and Redis on the same network. cores + 1 keeps the cores busy while one worker
# waits: on 2 cores, 3 workers answered 3-10 % more registrations per second than 5, each
# using less CPU per request (fewer processes competing for the caches; docs/performance.md).
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
worker_class = "sync"
# Behind the TLS-terminating proxy: a request that takes longer is stuck, not slow.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
