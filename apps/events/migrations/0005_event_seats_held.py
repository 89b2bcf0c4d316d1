"""Event.seats_held: the number of registrations holding a seat, kept by the database.

Triggers on events_registration keep it equal to the count of confirmed + attended rows,
whatever writes them: the services, the admin, factories in tests, bulk SQL in the benches,
anonymisation. Registering then decides the seat on this one column, in one statement
(services.registration_create).

No CHECK (seats_held <= capacity): tests arrange overbooked events by writing rows directly
(tests/events/test_admin.py and test_exports.py, query counts over 33 rows in 10 seats), and
the constraint would refuse them. The services' event lock keeps the rule, as before.

- PostgreSQL: statement-level triggers with transition tables, so a bulk insert or delete
  costs one UPDATE per event it touches, not one per row.
- SQLite (local development): row-level triggers. Django rebuilds a SQLite table for most
  schema changes and the rebuild drops that table's triggers: a later migration that alters
  events_registration must install them again (tests/events/test_seat_counter.py fails
  otherwise).

The triggers are created before the count is taken: on PostgreSQL creating them locks
events_registration against writes until this migration commits, so no row is missed.
"""

from django.db import migrations, models

POSTGRESQL_INSTALL = [
    """
    CREATE FUNCTION events_registration_seats_held() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE events_event e SET seats_held = e.seats_held + d.n
            FROM (SELECT event_id, count(*) AS n FROM new_rows
                  WHERE status IN ('confirmed', 'attended') GROUP BY event_id) d
            WHERE e.id = d.event_id;
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE events_event e SET seats_held = e.seats_held - d.n
            FROM (SELECT event_id, count(*) AS n FROM old_rows
                  WHERE status IN ('confirmed', 'attended') GROUP BY event_id) d
            WHERE e.id = d.event_id;
        ELSE
            -- Seats left first, so a move within the statement never trips the CHECK.
            UPDATE events_event e SET seats_held = e.seats_held + d.n
            FROM (SELECT event_id, sum(n) AS n FROM (
                      SELECT event_id, -1 AS n FROM old_rows WHERE status IN ('confirmed', 'attended')
                      UNION ALL
                      SELECT event_id, 1 FROM new_rows WHERE status IN ('confirmed', 'attended')
                  ) changes GROUP BY event_id HAVING sum(n) <> 0) d
            WHERE e.id = d.event_id;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER events_registration_seats_held_insert AFTER INSERT ON events_registration
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_seats_held()
    """,
    """
    CREATE TRIGGER events_registration_seats_held_update AFTER UPDATE ON events_registration
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_seats_held()
    """,
    """
    CREATE TRIGGER events_registration_seats_held_delete AFTER DELETE ON events_registration
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_seats_held()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS events_registration_seats_held_insert ON events_registration",
    "DROP TRIGGER IF EXISTS events_registration_seats_held_update ON events_registration",
    "DROP TRIGGER IF EXISTS events_registration_seats_held_delete ON events_registration",
    "DROP FUNCTION IF EXISTS events_registration_seats_held()",
]

SQLITE_INSTALL = [
    """
    CREATE TRIGGER events_registration_seats_held_insert AFTER INSERT ON events_registration
    WHEN NEW.status IN ('confirmed', 'attended')
    BEGIN
        UPDATE events_event SET seats_held = seats_held + 1 WHERE id = NEW.event_id;
    END
    """,
    """
    CREATE TRIGGER events_registration_seats_held_update
    AFTER UPDATE OF status, event_id ON events_registration
    BEGIN
        UPDATE events_event SET seats_held = seats_held - 1
        WHERE id = OLD.event_id AND OLD.status IN ('confirmed', 'attended');
        UPDATE events_event SET seats_held = seats_held + 1
        WHERE id = NEW.event_id AND NEW.status IN ('confirmed', 'attended');
    END
    """,
    """
    CREATE TRIGGER events_registration_seats_held_delete AFTER DELETE ON events_registration
    WHEN OLD.status IN ('confirmed', 'attended')
    BEGIN
        UPDATE events_event SET seats_held = seats_held - 1 WHERE id = OLD.event_id;
    END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS events_registration_seats_held_insert",
    "DROP TRIGGER IF EXISTS events_registration_seats_held_update",
    "DROP TRIGGER IF EXISTS events_registration_seats_held_delete",
]

COUNT = """
    UPDATE events_event SET seats_held = (
        SELECT count(*) FROM events_registration r
        WHERE r.event_id = events_event.id AND r.status IN ('confirmed', 'attended')
    )
"""


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        # Without the triggers the column would go stale and registering would overbook.
        raise NotImplementedError(f"events.0005 has no seat triggers for {vendor}")
    for sql in statements[vendor]:
        schema_editor.execute(sql)


def install(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL})
    schema_editor.execute(COUNT)


def remove(apps, schema_editor) -> None:
    _run(schema_editor, {"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE})


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0004_registration_anonymisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="seats_held",
            field=models.PositiveIntegerField(default=0, editable=False,
                                              verbose_name="seats held"),
        ),
        migrations.RunPython(install, remove),
    ]
