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


def test_a_registration_runs_its_statements_prepared():
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
