"""Event.waitlist_length: the number of waitlisted registrations, kept by the database like
`seats_held` (0005), by the same triggers, which now keep both counts.

Registering reads it from the locked event row: a new waitlisted registration is the last
in the queue (created under the lock), so its place is this count plus one, without a count
of the rows in a second query (docs/performance.md).

The triggers of 0005 are replaced by ones that keep both counts (dropped before the column
is added, created before the counts are taken, for the reason 0005 gives). SQLite's are
row-level, as in 0005, with the same caveat: a later migration that rebuilds
events_registration on SQLite drops them and must install them again
(tests/events/test_seat_counter.py fails otherwise).
"""

from importlib import import_module

from django.db import migrations, models

previous = import_module("apps.events.migrations.0005_event_seats_held")

# Per changed row: +1 / -1 for a seat (confirmed, attended) and for a place in the queue.
POSTGRESQL_INSTALL = [
    """
    CREATE FUNCTION events_registration_counters() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE events_event e
            SET seats_held = e.seats_held + d.seats,
                waitlist_length = e.waitlist_length + d.waiting
            FROM (SELECT event_id,
                         count(*) FILTER (WHERE status IN ('confirmed', 'attended')) AS seats,
                         count(*) FILTER (WHERE status = 'waitlisted') AS waiting
                  FROM new_rows GROUP BY event_id) d
            WHERE e.id = d.event_id AND (d.seats <> 0 OR d.waiting <> 0);
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE events_event e
            SET seats_held = e.seats_held - d.seats,
                waitlist_length = e.waitlist_length - d.waiting
            FROM (SELECT event_id,
                         count(*) FILTER (WHERE status IN ('confirmed', 'attended')) AS seats,
                         count(*) FILTER (WHERE status = 'waitlisted') AS waiting
                  FROM old_rows GROUP BY event_id) d
            WHERE e.id = d.event_id AND (d.seats <> 0 OR d.waiting <> 0);
        ELSE
            UPDATE events_event e
            SET seats_held = e.seats_held + d.seats,
                waitlist_length = e.waitlist_length + d.waiting
            FROM (SELECT event_id, sum(seats) AS seats, sum(waiting) AS waiting FROM (
                      SELECT event_id,
                             -(status IN ('confirmed', 'attended'))::int AS seats,
                             -(status = 'waitlisted')::int AS waiting
                      FROM old_rows
                      UNION ALL
                      SELECT event_id,
                             (status IN ('confirmed', 'attended'))::int,
                             (status = 'waitlisted')::int
                      FROM new_rows
                  ) changes GROUP BY event_id) d
            WHERE e.id = d.event_id AND (d.seats <> 0 OR d.waiting <> 0);
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER events_registration_counters_insert AFTER INSERT ON events_registration
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_counters()
    """,
    """
    CREATE TRIGGER events_registration_counters_update AFTER UPDATE ON events_registration
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_counters()
    """,
    """
    CREATE TRIGGER events_registration_counters_delete AFTER DELETE ON events_registration
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION events_registration_counters()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS events_registration_counters_insert ON events_registration",
    "DROP TRIGGER IF EXISTS events_registration_counters_update ON events_registration",
    "DROP TRIGGER IF EXISTS events_registration_counters_delete ON events_registration",
    "DROP FUNCTION IF EXISTS events_registration_counters()",
]

SQLITE_INSTALL = [
    """
    CREATE TRIGGER events_registration_counters_insert AFTER INSERT ON events_registration
    BEGIN
        UPDATE events_event
        SET seats_held = seats_held + (NEW.status IN ('confirmed', 'attended')),
            waitlist_length = waitlist_length + (NEW.status = 'waitlisted')
        WHERE id = NEW.event_id;
    END
    """,
    """
    CREATE TRIGGER events_registration_counters_update
    AFTER UPDATE OF status, event_id ON events_registration
    BEGIN
        UPDATE events_event
        SET seats_held = seats_held - (OLD.status IN ('confirmed', 'attended')),
            waitlist_length = waitlist_length - (OLD.status = 'waitlisted')
        WHERE id = OLD.event_id;
        UPDATE events_event
        SET seats_held = seats_held + (NEW.status IN ('confirmed', 'attended')),
            waitlist_length = waitlist_length + (NEW.status = 'waitlisted')
        WHERE id = NEW.event_id;
    END
    """,
    """
    CREATE TRIGGER events_registration_counters_delete AFTER DELETE ON events_registration
    BEGIN
        UPDATE events_event
        SET seats_held = seats_held - (OLD.status IN ('confirmed', 'attended')),
            waitlist_length = waitlist_length - (OLD.status = 'waitlisted')
        WHERE id = OLD.event_id;
    END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS events_registration_counters_insert",
    "DROP TRIGGER IF EXISTS events_registration_counters_update",
    "DROP TRIGGER IF EXISTS events_registration_counters_delete",
]

COUNT = """
    UPDATE events_event SET
        seats_held = (
            SELECT count(*) FROM events_registration r
            WHERE r.event_id = events_event.id AND r.status IN ('confirmed', 'attended')
        ),
        waitlist_length = (
            SELECT count(*) FROM events_registration r
            WHERE r.event_id = events_event.id AND r.status = 'waitlisted'
        )
"""


def install(apps, schema_editor) -> None:
    previous._run(schema_editor, {"postgresql": POSTGRESQL_INSTALL, "sqlite": SQLITE_INSTALL})
    schema_editor.execute(COUNT)


def remove(apps, schema_editor) -> None:
    previous._run(schema_editor, {"postgresql": POSTGRESQL_REMOVE, "sqlite": SQLITE_REMOVE})


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0005_event_seats_held"),
    ]

    operations = [
        # 0005's triggers go first, so none is on the tables while SQLite rebuilds one.
        migrations.RunPython(previous.remove, previous.install),
        migrations.AddField(
            model_name="event",
            name="waitlist_length",
            field=models.PositiveIntegerField(default=0, editable=False,
                                              verbose_name="waiting list length"),
        ),
        migrations.RunPython(install, remove),
    ]
