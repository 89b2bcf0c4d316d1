"""Prepared statements for the statements a hot path runs on every request.

Django binds parameters on the client and never prepares (`server_side_binding` and
`prepare_threshold` off by default, so that connection poolers work). PostgreSQL then parses
and plans every statement again; for the four statements of an API registration that was
about a third of the database's CPU (docs/performance.md). `prepared_cursor()` is Django's
cursor (query logging, execute wrappers, error wrapping) over psycopg's server-side binding
cursor on a connection that prepares each statement at its first run, and runs the prepared
plan from then on. Only these cursors prepare: the ORM's client-binding cursors never do.

A prepared statement outlives a migration that changes the type of a column it returns
("cached plan must not change result type"): web processes restart after migrations, as
`docker compose up` does (migrate, then web).

Behind a transaction-mode connection pooler without prepared statement support (PgBouncer
before 1.21, or without `max_prepared_statements`), set DATABASE_PREPARED_STATEMENTS=False.
https://www.psycopg.org/psycopg3/docs/advanced/prepare.html
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


def prepared_cursor() -> Any:
    """Use as `with prepared_cursor() as cursor:`, with explicit casts where a parameter's
    type cannot be inferred (PostgreSQL sees `$1`, not a literal)."""
    # The connection itself: each attribute read through the `connection` proxy is a
    # thread-local lookup, and these added up to a measurable share of a registration.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return db.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    # As Django's own cursor() does: a connection kept from an earlier request is checked
    # first (CONN_HEALTH_CHECKS) and replaced if the database closed it meanwhile.
    db.close_if_health_check_failed()
    db.ensure_connection()
    with db.wrap_database_errors:
        raw = db.connection
        if raw.prepare_threshold is None:
            raw.prepare_threshold = 0  # from the first run; ClientCursors ignore it
        db.validate_thread_sharing()
        cursor = ServerBindingCursor(raw)
        return db.make_debug_cursor(cursor) if db.queries_logged else db.make_cursor(cursor)
