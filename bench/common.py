"""What the bench scripts share: where the project is, the environment they run Django with,
and how they stop on a usage or setup error.

The scripts run as `python bench/<name>.py`, which puts this folder on `sys.path`: they
import this module as `common`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

# Environment of the bench process (settings import) and of the server or worker it starts:
# only set when missing, so an explicit environment always wins.
BENCH_ENV_DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "bench-only-secret-key-never-used-outside-loopback",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Plain http on loopback: no redirect to https.
    "SECURE_SSL_REDIRECT": "False",
}


def fail(message: str) -> NoReturn:
    """A usage or setup error: exit status 2 (1 is kept for a failed check)."""
    print(f"{Path(sys.argv[0]).name}: {message}", file=sys.stderr)
    raise SystemExit(2)


def redis_url_on_loopback(base: str, *, db: int) -> str:
    """`base` (a redis:// URL) with database `db`; the benches touch only a local Redis."""
    url = urlsplit(base)
    if url.hostname not in LOOPBACK:
        fail(f"REDIS_URL must be on loopback, not {url.hostname}")
    return url._replace(path=f"/{db}").geturl()


def django_setup(*, postgres_because: str, environ: Mapping[str, str] | None = None) -> None:
    """Sets up Django with the bench's defaults (and `environ`, which overrides), on PostgreSQL
    only: `postgres_because` says why the bench needs it."""
    for key, value in BENCH_ENV_DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ.update(environ or {})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        fail(f"DATABASE_URL must point at PostgreSQL ({postgres_because}); this environment "
             f"uses {connection.vendor}.")
