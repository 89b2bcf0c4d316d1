"""The web server: Granian, a Rust HTTP server, running Django over WSGI.

`python -m config.server` (Dockerfile, docker-compose.yml, bench/registration.py), behind the
TLS-terminating proxy. Django's deployment guide covers it:
https://docs.djangoproject.com/en/dev/howto/deployment/wsgi/granian/; its options:
https://github.com/emmett-framework/granian#options

Why not gunicorn (decision 19 in docs/decisions.md): HTTP handled in Rust instead of Python
costs a request less CPU. On this project's 2-core benchmark machine, alternating runs gave
15 % more registrations per second and 65 % more `/healthz` requests per second than
gunicorn's sync workers, at the median of 6 pairs (docs/performance.md).

Every value comes from the environment (docs/operations.md).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any


def options(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Granian's settings from `environ` (the process environment by default)."""
    from granian.constants import Interfaces

    env = os.environ if environ is None else environ
    access_log = env.get("WEB_ACCESS_LOG", "true").strip().lower() in ("1", "true", "yes", "on")
    return {
        "address": env.get("WEB_HOST", "0.0.0.0"),  # noqa: S104  # nosec B104  # in its container
        "port": int(env.get("WEB_PORT", "8000")),
        "interface": Interfaces.WSGI,
        # One process per core, two threads each: one runs Python while the other waits on
        # PostgreSQL or Redis. On 2 cores this beat 3 or 4 single-threaded processes.
        # Without WEB_CONCURRENCY, the CPUs this process may run on; in a container limited
        # by a CPU quota rather than a CPU set that is the host's count, so set it there
        # (docker-compose.yml does).
        "workers": int(env.get("WEB_CONCURRENCY", len(os.sched_getaffinity(0)))),
        "blocking_threads": int(env.get("WEB_THREADS", "2")),
        "websockets": False,
        "log_access": access_log,
        # A worker that dies is replaced; a stopping one gets this long to finish its requests.
        "respawn_failed_workers": True,
        "workers_kill_timeout": int(env.get("WEB_SHUTDOWN_TIMEOUT", "30")),
    }


def main() -> None:
    from granian import Granian

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    Granian("config.wsgi:application", **options()).serve()


if __name__ == "__main__":
    main()
