"""Every write of the registration workflow (DESIGN.md sections 4 and 5).

Each function that changes seats locks the event row first (`SELECT … FOR UPDATE` on
PostgreSQL) and decides on `Event.seats_held`, read from the locked row: concurrent calls for
one event queue on that lock, so confirmed + attended never exceeds the capacity. The
database keeps `seats_held` equal to the count (triggers, migration 0005) and refuses a row
that would exceed the capacity (CHECK). Each state change records its notification in the
same transaction.
"""

from __future__ import annotations

import os
import re
import threading
from collections import deque
from datetime import timedelta
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.utils import timezone
from django_countries.fields import CountryField

from apps.accounts.models import User
from apps.core.db import prepared_cursor
from apps.notifications.models import Notification
from apps.notifications.services import NotifyItem, dispatch, notify, notify_many

from . import exceptions as exc
from .models import Event, Registration, RegistrationQuestion


def _lock_event(event: Event | int) -> Event:
    pk = event.pk if isinstance(event, Event) else event
    return Event.objects.select_for_update().get(pk=pk)


def seats_taken(*, event: Event) -> int:
    """Counted from the rows; `Event.seats_held` is the same number, kept by the database."""
    return Registration.objects.filter(event=event).holding_seats().count()


def _free_seats(*, event: Event) -> int | None:
    """None means unlimited. `event` is the locked row, read after the last seat change."""
    if event.capacity is None:
        return None
    return max(event.capacity - event.seats_held, 0)


def _notify_status(*, registration: Registration, kind: str, dedupe_key: str = "",
                   insert: bool = True) -> Notification | None:
    """The notification hook for one registration; one message per registration and kind
    unless the caller gives a finer key (an event changed more than once). With
    insert=False, the unsaved row for the caller's own statement (notify())."""
    return notify(
        kind=kind,
        recipient=registration.user,
        language=registration.language,
        context={"registration_id": registration.pk, "event_id": registration.event_id},
        dedupe_key=dedupe_key or f"registration:{registration.pk}:{kind}",
        insert=insert,
    )


def clean_answers(*, event: Event, answers: dict[str, Any]) -> dict[str, Any]:
    """Checks answers against the event's questions; returns them keyed by question id, with
    choices stored as the Korean option text so exports read alike for every language."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    questions: list[RegistrationQuestion] = list(event.questions.all())
    for question in questions:
        key = str(question.pk)
        value = answers.get(key, answers.get(question.pk))
        if question.kind == RegistrationQuestion.Kind.BOOLEAN:
            if value in (None, ""):
                value = False
            if not isinstance(value, bool):
                errors[key] = "boolean"
                continue
            if question.required and not value:
                errors[key] = "required"
                continue
            cleaned[key] = value
        elif question.kind == RegistrationQuestion.Kind.CHOICE:
            options = question.canonical_options()
            if value in (None, ""):
                if question.required:
                    errors[key] = "required"
                continue
            # Accept the option's position or its text in any language the event has.
            index = _choice_index(question=question, value=value)
            if index is None:
                errors[key] = "invalid_choice"
                continue
            cleaned[key] = options[index]
        else:
            text = "" if value is None else str(value).strip()
            if question.required and not text:
                errors[key] = "required"
                continue
            if len(text) > 2000:
                errors[key] = "too_long"
                continue
            if text:
                cleaned[key] = text
    if errors:
        raise exc.InvalidAnswers(errors)
    return cleaned


def _choice_index(*, question: RegistrationQuestion, value: Any) -> int | None:
    options = question.canonical_options()
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < len(options) else None
    text = str(value).strip()
    if text.isdigit() and int(text) < len(options):
        return int(text)
    for code, _name in settings.LANGUAGES:
        column = getattr(question, f"options_{code.replace('-', '_')}", "") or ""
        lines = [line.strip() for line in column.splitlines() if line.strip()]
        if text in lines and lines.index(text) < len(options):
            return lines.index(text)
    return None


def registration_create(
    *,
    event: Event,
    user: User,
    privacy_consent: bool,
    answers: dict[str, Any] | None = None,
    interpretation_language: str = "",
    accessibility_needs: str = "",
    language: str | None = None,
) -> tuple[Registration, bool]:
    """Confirms a seat or joins the waiting list. Returns (registration, created).

    A second call for the same person and event returns the existing active registration
    (created=False), so a double submit never makes a second row or an error page.

    Every registration for an event queues on its lock, so the lock is held as briefly as
    possible (bench/registration.py, docs/performance.md). On PostgreSQL, a request that
    passes the checks needing no lock (consent, answers, interpretation) is written by ONE
    statement (`_registration_insert`). What that statement does not write (an existing
    registration; a cancelled, closed or full event) and every refused request go through
    `_registration_create_locked`, which checks in this order under the same lock: existing
    registration, cancelled, closed, consent, answers, interpretation, full. SQLite only has
    the latter.
    """
    try:
        cleaned_answers, answer_error = clean_answers(event=event, answers=answers or {}), None
    except exc.InvalidAnswers as error:
        cleaned_answers, answer_error = {}, error
    registration = Registration(
        event=event,
        user=user,
        language=language or user.preferred_language,
        resident_type=user.resident_type,
        country=_country_code(user),
        interpretation_language=interpretation_language,
        accessibility_needs=accessibility_needs.strip(),
        answers=cleaned_answers,
        privacy_consent_at=timezone.now(),
    )
    acceptable = privacy_consent and answer_error is None and (
        not interpretation_language
        or interpretation_language in (event.interpretation_languages or [])
    )
    if acceptable and connection.vendor == "postgresql" and _registration_insert(
        registration=registration
    ):
        return registration, True
    registration.pk = None
    try:
        return _registration_create_locked(
            event=event, registration=registration, privacy_consent=privacy_consent,
            answer_error=answer_error,
        )
    except IntegrityError:
        # Only reachable without row locks (SQLite): the constraint caught a double submit.
        return Registration.objects.active().get(event=event, user=user), False


def _insert_sql(instance: Any, *, source: str, expressions: dict[str, str], conflict: str,
                returning: str) -> tuple[str, list[Any]]:
    """`INSERT … SELECT … FROM {source} ON CONFLICT {conflict} DO NOTHING RETURNING …` of
    `instance` as the ORM would write it (defaults, `pre_save`, its primary key if set), but
    the fields in `expressions` given as SQL. One row per row of `source`: none when it is
    empty."""
    sql, fields = _insert_template(type(instance), instance.pk is not None,
                                   tuple(expressions.items()), source, conflict, returning)
    # The connection itself, not the proxy: each field looks it up several times.
    db = connections[DEFAULT_DB_ALIAS]
    return sql, [field.get_db_prep_save(_pre_save(field, instance), db) for field in fields]


def _country_code(user: Any) -> Any:
    """The user's country for their registration. The stored code of a loaded User when it is
    a plain ISO code (as the account forms store it): django-countries' descriptor would build
    a Country object and the field parse it again, a measurable share of a registration's CPU
    (docs/performance.md). Anything else (a lazy request.user, a deferred field, a code in
    another form) goes through the descriptor, which loads and normalises it."""
    stored = vars(user).get("country") if type(user) is User else None
    if isinstance(stored, str) and (stored == "" or (len(stored) == 2 and stored.isupper())):
        return stored
    return user.country


def _pre_save(field: Any, instance: Any) -> Any:
    if isinstance(field, CountryField):
        # Its pre_save reads the field through its descriptor, which builds a Country object
        # (code normalisation, thread-local option lookups) to give back the code it was
        # set with, already cleaned by the descriptor's __set__: 5 % of a registration's CPU.
        return instance.__dict__.get(field.attname, "")
    return field.pre_save(instance, True)


@cache
def _insert_template(model: type[Any], with_pk: bool, expressions: tuple[tuple[str, str], ...],
                     source: str, conflict: str, returning: str) -> tuple[str, list[Any]]:
    """The statement of `_insert_sql` and the fields whose values are its parameters."""
    given = dict(expressions)
    columns, values, fields = [], [], []
    for field in model._meta.local_concrete_fields:
        if field.primary_key and not with_pk:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.name in given:
            values.append(given[field.name])
        else:
            # Typed: with server-side binding (prepared_cursor) a bare parameter in a
            # SELECT list has no type to take. Character types without their length: a cast
            # to varchar(n) would cut a longer value silently, where the column refuses it.
            cast = re.sub(r"^(varchar|char)\(\d+\)$", r"\1",
                          field.cast_db_type(connection) or "text")
            values.append(f"%s::{cast}")
            fields.append(field)
    # Only names and this module's expressions are formatted in; values are parameters.
    sql = (f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608  # nosec B608
           f"SELECT {', '.join(values)} FROM {source} "
           f"ON CONFLICT {conflict} DO NOTHING RETURNING {returning}")
    return sql, fields


SEAT_ATTEMPTS = 3


def _registration_insert(*, registration: Registration) -> bool:
    """Writes the registration and its outbox row in one PostgreSQL statement. Outside a
    transaction the statement commits by itself, so the event lock is held for the
    statement and its commit only; inside the caller's transaction, it joins it.

    The notification hook (`notify()`) is called before the statement, so it needs the
    registration's id and status first: the id comes from the process's block of sequence
    values (`_next_registration_id`), the status from the event's seat count as read without
    a lock (by the selector, or here). The statement then locks the event row and inserts
    only if that still holds; when the seats changed in between (a race at the last seat),
    it is tried again with the other status. Rows the hook returned for a try that wrote
    nothing were never written.

    - `FOR UPDATE` returns the newest version of the event row once the lock is granted,
      so `seats_held` counts every registration committed while this one waited. (A count
      of events_registration in the same statement would not: it reads the statement's
      snapshot, taken before the wait.)
    - `created_at` is `clock_timestamp()`, read after the lock: seats and the waiting list
      go in the order the lock was granted.
    - The partial unique index (event, user) turns a double submit into no row.
    - The triggers add the row to `seats_held` or `waitlist_length` (migrations 0005,
      0006); the latter, read under the lock, is the number of people ahead of a new
      waitlisted registration.

    Returns True when `registration` is saved; False, having written nothing, when the event
    is not open, is full without a waiting list, or the person is registered already: the
    caller then finds out which under the lock.
    """
    event = registration.event
    if {"capacity", "seats_held"} & event.get_deferred_fields():
        with prepared_cursor() as cursor:
            cursor.execute("SELECT capacity, seats_held FROM events_event WHERE id = %s",
                           [event.pk])
            row = cursor.fetchone()
        if row is None:
            return False
        capacity, seats_held = row
    else:
        capacity, seats_held = event.capacity, event.seats_held
        # Used once: this registration makes it stale, so the next call on the same
        # instance (a caller registering several people) reads it again, as a deferred
        # field, instead of guessing a free seat that this one took.
        del event.seats_held
    seat_free = capacity is None or seats_held < capacity
    registration.pk = _next_registration_id()
    for _attempt in range(SEAT_ATTEMPTS):
        registration.status = (Registration.Status.CONFIRMED if seat_free
                               else Registration.Status.WAITLISTED)
        written, free_under_lock = _registration_statement(
            registration=registration, seat_free=seat_free
        )
        if written or free_under_lock in (None, seat_free):
            return written
        seat_free = free_under_lock
    return False


class _IdBlock:
    """Registration ids taken from the sequence ID_BLOCK at a time: one round trip per block
    instead of one per registration (the hi/lo pattern). Values a process never uses are
    gaps, as a rolled-back insert leaves; ordering never relies on ids (created_at does)."""

    size = 50
    lock = threading.Lock()
    pid = 0
    ids: deque[int] = deque()


def _next_registration_id() -> int:
    block = _IdBlock
    with block.lock:
        if block.pid != os.getpid():  # a forked child must not reuse its parent's ids
            block.ids.clear()
            block.pid = os.getpid()
        if not block.ids:
            with prepared_cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s::text, 'id')) "
                    "FROM generate_series(1, %s::int)",
                    [Registration._meta.db_table, block.size],
                )
                block.ids.extend(row[0] for row in cursor.fetchall())
        return block.ids.popleft()


@cache
def _statement(insert_registration: str, insert_note: str) -> str:
    """The statement of `_registration_statement`, built once per pair of inserts: the same
    string object every time, which psycopg's query cache then finds by identity instead of
    hashing and comparing 3 kB of SQL for every registration."""
    # Formatted in: a status constant and _insert_sql's statements; values are parameters.
    return f"""
        WITH ev AS (
            SELECT capacity IS NULL OR seats_held < capacity AS seat_free,
                   waitlist_enabled AS waitlist, waitlist_length
            FROM events_event
            WHERE id = %s AND status = '{Event.Status.PUBLISHED}' AND ends_at > %s
              AND (registration_opens_at IS NULL OR registration_opens_at <= %s)
              AND (registration_closes_at IS NULL OR registration_closes_at > %s)
            FOR UPDATE
        ), reg AS ({insert_registration}), note AS ({insert_note})
        SELECT ev.seat_free, ev.waitlist_length, (SELECT created_at FROM reg),
               (SELECT id FROM note)
        FROM ev
    """  # noqa: S608  # nosec B608  # see the comment above


def _registration_statement(*, registration: Registration,
                            seat_free: bool) -> tuple[bool, bool | None]:
    """One try of `_registration_insert`: (written, whether a seat was free under the lock),
    the latter None when the event is not open for registration."""
    event = registration.event
    now = timezone.now()
    note = _notify_status(registration=registration,
                          kind=f"registration.{registration.status}", insert=False)
    insert_registration, registration_params = _insert_sql(
        registration, source="ev WHERE ev.seat_free = %s AND (ev.seat_free OR ev.waitlist)",
        expressions={"created_at": "clock_timestamp()", "updated_at": "clock_timestamp()"},
        conflict=f"(event_id, user_id) WHERE NOT (status = '{Registration.Status.CANCELLED}')",
        returning="created_at",
    )
    # The WHERE of `source` comes after the values in the statement, so does its parameter.
    registration_params.append(seat_free)
    insert_note, note_params = ("SELECT NULL::bigint AS id", []) if note is None else _insert_sql(
        note, source="reg", expressions={}, conflict="(dedupe_key)", returning="id",
    )
    sql = _statement(insert_registration, insert_note)
    with prepared_cursor() as cursor:
        cursor.execute(sql, [event.pk, now, now, now, *registration_params, *note_params])
        row = cursor.fetchone()
    if row is None:
        return False, None
    free_under_lock, waiting, created_at, notification_id = row
    if created_at is None:
        return False, free_under_lock
    registration.created_at = registration.updated_at = created_at
    if registration.status == Registration.Status.WAITLISTED:
        # Created under the lock, so last in the queue: its place, for the answer to this
        # request, without counting the rows again (api.registration_payload).
        registration.waitlist_position_when_created = waiting + 1
    registration._state.adding = False
    registration._state.db = connection.alias
    if notification_id is not None:
        # Straight away in autocommit (the statement has committed), else after the
        # caller's commit, as notify() does.
        transaction.on_commit(partial(dispatch, notification_id=notification_id))
    return True, free_under_lock


@transaction.atomic
def _registration_create_locked(
    *, event: Event, registration: Registration, privacy_consent: bool,
    answer_error: exc.InvalidAnswers | None,
) -> tuple[Registration, bool]:
    event = _lock_event(event)
    existing = Registration.objects.active().filter(event=event, user=registration.user).first()
    if existing is not None:
        return existing, False
    if event.status == Event.Status.CANCELLED:
        raise exc.EventCancelled()
    if not event.is_open_for_registration():
        raise exc.RegistrationClosed()
    if not privacy_consent:
        raise exc.ConsentRequired()
    if answer_error is not None:
        raise answer_error
    if registration.interpretation_language and registration.interpretation_language not in (
        event.interpretation_languages or []
    ):
        raise exc.InvalidInterpretationLanguage()

    if event.capacity is None or event.seats_held < event.capacity:
        registration.status = Registration.Status.CONFIRMED
    elif event.waitlist_enabled:
        registration.status = Registration.Status.WAITLISTED
    else:
        raise exc.EventFull()
    registration.event = event
    registration.save(force_insert=True)
    _notify_status(registration=registration, kind=f"registration.{registration.status}")
    return registration, True


def _promote_waitlisted(*, event: Event, count: int | None) -> list[Registration]:
    """Promotes the oldest waitlisted registrations (all of them when count is None).
    The caller holds the event lock."""
    queue = (
        Registration.objects.waitlisted().filter(event=event).order_by("created_at", "pk")
        .select_for_update()
    )
    if count is not None:
        if count <= 0:
            return []
        queue = queue[:count]
    promoted = list(queue)
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        _notify_status(registration=registration, kind="registration.promoted")
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration) -> list[Registration]:
    """Cancels a registration; a freed seat goes to the oldest waitlisted person in the same
    transaction. Returns the registrations promoted. Cancelling twice is harmless."""
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return []
    held_seat = registration.status in Registration.SEAT_STATUSES
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    _notify_status(registration=registration, kind="registration.cancelled")
    if not held_seat or event.status == Event.Status.CANCELLED:
        return []
    event.refresh_from_db(fields=["seats_held"])  # the trigger has given the seat back
    return _promote_waitlisted(event=event, count=_free_seats(event=event))


@transaction.atomic
def event_capacity_change(*, event: Event, capacity: int | None) -> list[Registration]:
    """Sets a new capacity. Raising it promotes as many waitlisted people as now fit;
    lowering it below the seats already taken is refused."""
    event = _lock_event(event)
    taken = event.seats_held
    if capacity is not None and capacity < taken:
        raise exc.CapacityBelowTaken(taken=taken)
    event.capacity = capacity
    event.save(update_fields=["capacity", "updated_at"])
    return _promote_waitlisted(event=event, count=_free_seats(event=event))


@transaction.atomic
def registration_promote(*, registration: Registration) -> Registration:
    """An organizer moves one person up from the waiting list, if a seat is free."""
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.WAITLISTED:
        raise exc.NotWaitlisted()
    free = _free_seats(event=event)
    if free is not None and free <= 0:
        raise exc.NoSeatFree()
    registration.status = Registration.Status.CONFIRMED
    registration.promoted_at = timezone.now()
    registration.save(update_fields=["status", "promoted_at", "updated_at"])
    _notify_status(registration=registration, kind="registration.promoted")
    return registration


def can_manage_event(*, user: User, event: Event) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.is_superuser or event.organizers.filter(pk=user.pk).exists()


def normalize_ticket_code(raw: str) -> str:
    """Spaces, hyphens and case that people type or scanners add are ignored."""
    return "".join(raw.split()).replace("-", "").upper()


@transaction.atomic
def registration_check_in(*, ticket_code: str, by: User) -> Registration:
    """Checks a ticket in at the door, once. A second check-in of the same ticket is refused
    with the time of the first."""
    code = normalize_ticket_code(ticket_code)
    registration = (
        # Not the user's row: an anonymised registration has none, and PostgreSQL cannot
        # lock the empty side of the outer join that a nullable foreign key needs.
        Registration.objects.select_for_update(of=("self", "event"))
        .select_related("event", "user").filter(ticket_code=code).first()
    )
    if registration is None:
        raise exc.TicketNotFound()
    if not can_manage_event(user=by, event=registration.event):
        # Organizers of other events learn nothing about this ticket.
        raise exc.TicketNotFound()
    if registration.status == Registration.Status.ATTENDED:
        raise exc.AlreadyCheckedIn(checked_in_at=registration.checked_in_at)
    if registration.status != Registration.Status.CONFIRMED:
        raise exc.NotCheckInable()
    registration.status = Registration.Status.ATTENDED
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
    return registration


@transaction.atomic
def event_cancel(*, event: Event, reason: str) -> Event:
    """Cancels an event: registration closes and every active registrant is told why."""
    event = _lock_event(event)
    if event.status == Event.Status.CANCELLED:
        return event
    event.status = Event.Status.CANCELLED
    event.cancellation_reason = reason
    event.save(update_fields=["status", "cancellation_reason", "updated_at"])
    for registration in Registration.objects.active().filter(event=event).select_related("user"):
        _notify_status(registration=registration, kind="event.cancelled")
    return event


MAX_REMINDER_HOURS = 24 * 30

# Fields whose change registrants must hear about (time or place).
CHANGE_FIELDS = ("starts_at", "ends_at", "venue_name", "venue_address", "online_url")


def event_notify_changed(*, event: Event) -> int:
    """Tells every active registrant that the time or place changed. One message per
    registration and version of the event, so saving twice does not write twice."""
    version = event.updated_at.isoformat()
    registrations = Registration.objects.active().filter(event=event).select_related("user")
    count = 0
    for registration in registrations:
        _notify_status(registration=registration, kind="event.changed",
                       dedupe_key=f"registration:{registration.pk}:event.changed:{version}")
        count += 1
    return count


REMINDER_CHUNK = 500  # registrations recorded per transaction


def reminders_send_due(*, now=None) -> int:
    """Queues one reminder per confirmed registration of each event that starts within its
    reminder window. Runs every 10 minutes; the dedupe key makes re-runs harmless. Returns
    how many registrations were considered.

    Records in chunks, one transaction each, through `notify_many`: thousands of reminders
    fall due at once for a large event, and a transaction per row made recording alone take
    longer than delivering (docs/performance.md).
    """
    now = now or timezone.now()
    upcoming = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=MAX_REMINDER_HOURS),
        reminder_hours_before__isnull=False,
    )
    # Few events are upcoming at once; each has its own window.
    due_events = [e.pk for e in upcoming
                  if e.starts_at <= now + timedelta(hours=e.reminder_hours_before)]
    due = (
        Registration.objects.confirmed().filter(event_id__in=due_events)
        .select_related("user").order_by("pk")
    )
    count = 0
    chunk: list[Registration] = []
    for registration in due.iterator(chunk_size=REMINDER_CHUNK):
        chunk.append(registration)
        count += 1
        if len(chunk) == REMINDER_CHUNK:
            _remind(registrations=chunk)
            chunk = []
    if chunk:
        _remind(registrations=chunk)
    return count


@transaction.atomic
def _remind(*, registrations: list[Registration]) -> None:
    kind = "event.reminder"
    notify_many(kind=kind, items=[
        NotifyItem(
            recipient=registration.user, language=registration.language,
            context={"registration_id": registration.pk, "event_id": registration.event_id},
            dedupe_key=f"registration:{registration.pk}:{kind}",
        )
        for registration in registrations
    ])
