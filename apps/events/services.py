"""Every write of the registration workflow (DESIGN.md sections 4 and 5).

Each function that changes seats locks the event row first (`SELECT … FOR UPDATE` on
PostgreSQL), counts inside the same transaction, and only then writes: concurrent calls for
one event queue on that lock, so confirmed + attended never exceeds the capacity. Each state
change calls the notification hook in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from apps.accounts.models import User
from apps.notifications.services import NotifyItem, notify, notify_many

from . import exceptions as exc
from .models import Event, Registration, RegistrationQuestion


def _lock_event(event: Event | int) -> Event:
    pk = event.pk if isinstance(event, Event) else event
    return Event.objects.select_for_update().get(pk=pk)


def seats_taken(*, event: Event) -> int:
    return Registration.objects.filter(event=event).holding_seats().count()


def _free_seats(*, event: Event) -> int | None:
    """None means unlimited."""
    if event.capacity is None:
        return None
    return max(event.capacity - seats_taken(event=event), 0)


def _notify_status(*, registration: Registration, kind: str, dedupe_key: str = "") -> None:
    """The notification hook for one registration; one message per registration and kind
    unless the caller gives a finer key (an event changed more than once)."""
    notify(
        kind=kind,
        recipient=registration.user,
        language=registration.language,
        context={"registration_id": registration.pk, "event_id": registration.event_id},
        dedupe_key=dedupe_key or f"registration:{registration.pk}:{kind}",
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
    Answers are checked before the event lock is taken: every registration for an event
    queues on that lock, so it is held only to count and insert (bench/registration.py).
    """
    try:
        cleaned_answers, answer_error = clean_answers(event=event, answers=answers or {}), None
    except exc.InvalidAnswers as error:
        cleaned_answers, answer_error = {}, error
    try:
        return _registration_create_locked(
            event=event, user=user, privacy_consent=privacy_consent,
            cleaned_answers=cleaned_answers, answer_error=answer_error,
            interpretation_language=interpretation_language,
            accessibility_needs=accessibility_needs, language=language,
        )
    except IntegrityError:
        # Only reachable without row locks (SQLite): the constraint caught a double submit.
        return Registration.objects.active().get(event=event, user=user), False


@transaction.atomic
def _registration_create_locked(
    *, event: Event, user: User, privacy_consent: bool, cleaned_answers: dict[str, Any],
    answer_error: exc.InvalidAnswers | None, interpretation_language: str,
    accessibility_needs: str, language: str | None,
) -> tuple[Registration, bool]:
    event = _lock_event(event)
    # One statement after the lock is granted (a subquery in the locking statement would
    # read a snapshot from before the wait and could overbook).
    state = Registration.objects.filter(event=event).aggregate(
        taken=Count("pk", filter=Q(status__in=Registration.SEAT_STATUSES)),
        mine=Max("pk", filter=Q(user=user) & ~Q(status=Registration.Status.CANCELLED)),
    )
    if state["mine"]:
        return Registration.objects.get(pk=state["mine"]), False
    if event.status == Event.Status.CANCELLED:
        raise exc.EventCancelled()
    if not event.is_open_for_registration():
        raise exc.RegistrationClosed()
    if not privacy_consent:
        raise exc.ConsentRequired()
    if answer_error is not None:
        raise answer_error
    if interpretation_language and interpretation_language not in (
        event.interpretation_languages or []
    ):
        raise exc.InvalidInterpretationLanguage()

    if event.capacity is None or state["taken"] < event.capacity:
        status = Registration.Status.CONFIRMED
    elif event.waitlist_enabled:
        status = Registration.Status.WAITLISTED
    else:
        raise exc.EventFull()

    registration = Registration.objects.create(
        event=event,
        user=user,
        status=status,
        language=language or user.preferred_language,
        resident_type=user.resident_type,
        country=user.country,
        interpretation_language=interpretation_language,
        accessibility_needs=accessibility_needs.strip(),
        answers=cleaned_answers,
        privacy_consent_at=timezone.now(),
    )
    _notify_status(registration=registration, kind=f"registration.{status}")
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
    return _promote_waitlisted(event=event, count=_free_seats(event=event))


@transaction.atomic
def event_capacity_change(*, event: Event, capacity: int | None) -> list[Registration]:
    """Sets a new capacity. Raising it promotes as many waitlisted people as now fit;
    lowering it below the seats already taken is refused."""
    event = _lock_event(event)
    taken = seats_taken(event=event)
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
