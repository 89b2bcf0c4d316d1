"""Prepared statements for hot paths (apps/core/db.py), on a real PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.db import prepared_cursor
from apps.events import services
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_statements_are_prepared_once_and_still_logged():
    marker = "SELECT %s::int + 1 AS prepared_cursor_test"
    with CaptureQueriesContext(connection) as queries:
        for value in (1, 2):
            with prepared_cursor() as cursor:
                cursor.execute(marker, [value])
                assert cursor.fetchone() == (value + 1,)
    assert len(queries) == 2  # Django's wrappers still see them (tests, debug toolbar)
    assert sum("prepared_cursor_test" in s for s in prepared_statements()) == 1


@pytest.mark.django_db(transaction=True)
def test_a_registration_runs_its_statements_prepared():
    connection.close()  # a new session: nothing prepared by earlier tests
    services._IdBlock.ids.clear()  # so that this registration takes a block of ids
    event, user = EventFactory(capacity=1), UserFactory()
    registration, created = services.registration_create(event=event, user=user,
                                                         privacy_consent=True)
    assert created and registration.status == "confirmed"
    statements = prepared_statements()
    assert any("generate_series" in s for s in statements)
    assert any("INSERT INTO events_registration" in s for s in statements)


def test_the_setting_turns_them_off(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    with prepared_cursor() as cursor:
        cursor.execute("SELECT %s::int AS not_prepared_test", [1])
    assert not any("not_prepared_test" in s for s in prepared_statements())


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_closed_is_replaced_before_the_first_statement():
    """As at the start of a request with a kept connection (CONN_HEALTH_CHECKS): the token
    query, now the first statement of an API request, must not fail on a dead connection."""
    import psycopg

    from tests.conftest import _database_url_for_subprocess

    with prepared_cursor() as cursor:
        cursor.execute("SELECT 1")
    dead = connection.connection.info.backend_pid
    with psycopg.connect(_database_url_for_subprocess(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [dead])
    connection.health_check_done = False  # what close_old_connections() leaves for a request
    with prepared_cursor() as cursor:
        cursor.execute("SELECT %s::int", [2])
        assert cursor.fetchone() == (2,)
    assert connection.connection.info.backend_pid != dead
