"""Reads of events and registrations. Views and the API call these, never build querysets of
their own, so each page costs a fixed number of queries whatever the number of events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import User
from apps.core.db import prepared_cursor

from .models import AgendaItem, Event, Registration, RegistrationQuestion

SEATS_TAKEN = Count("registrations", filter=Q(registrations__status__in=Registration.SEAT_STATUSES))


def with_seats(qs: QuerySet[Event]) -> QuerySet[Event]:
    """Annotates `seats_taken`; `seats_left()` below reads it without another query."""
    return qs.annotate(seats_taken=SEATS_TAKEN)


def seats_left(event: Event) -> int | None:
    """None means unlimited. Uses the annotation when present."""
    if event.capacity is None:
        return None
    taken = getattr(event, "seats_taken", None)
    if taken is None:
        taken = event.registrations.holding_seats().count()
    return max(event.capacity - taken, 0)


@dataclass(frozen=True)
class EventFilters:
    query: str = ""
    axis: str = ""
    format: str = ""
    interpretation: str = ""
    date_from: date | None = None
    date_to: date | None = None
    has_seats: bool = False
    include_past: bool = False


def event_list(*, filters: EventFilters | None = None) -> QuerySet[Event]:
    filters = filters or EventFilters()
    qs = Event.objects.exclude(status=Event.Status.DRAFT)
    if not filters.include_past:
        qs = qs.filter(ends_at__gte=timezone.now())
    if filters.axis:
        qs = qs.filter(axis=filters.axis)
    if filters.format:
        qs = qs.filter(format=filters.format)
    if filters.date_from:
        qs = qs.filter(ends_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(starts_at__date__lte=filters.date_to)
    if filters.interpretation:
        # A JSON list of codes; the quoted code matches one element on SQLite and PostgreSQL.
        qs = qs.filter(interpretation_languages__icontains=f'"{filters.interpretation}"')
    if filters.query:
        words = Q()
        for field in ("title", "summary", "description", "venue_name"):
            for lang in ("ko", "en", "zh_hans", "ja", "vi"):
                words |= Q(**{f"{field}_{lang}__icontains": filters.query})
        qs = qs.filter(words)
    qs = with_seats(qs)
    if filters.has_seats:
        qs = qs.filter(status=Event.Status.PUBLISHED).filter(
            Q(capacity__isnull=True) | Q(capacity__gt=F("seats_taken"))
        )
    return qs.order_by("starts_at", "pk")


def event_queryset_detail() -> QuerySet[Event]:
    """Non-draft events with seats, agenda and questions loaded in a fixed number of queries."""
    return with_seats(Event.objects.exclude(status=Event.Status.DRAFT)).prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "starts_at")),
        "questions",
    )


def event_queryset_for_registration() -> QuerySet[Event]:
    return Event.objects.exclude(status=Event.Status.DRAFT).prefetch_related("questions")


def event_for_registration(*, slug: str) -> Event:
    """A non-draft event to register for (Http404 otherwise), with only what
    `services.registration_create` reads before its statement, which reads the rest under
    the event lock. The questions are loaded only when there are some: most events have
    none. Registering is the path that has to be cheap (docs/performance.md): one plain
    query here, where the ORM's version of it cost 2 ms of CPU. `capacity` and
    `seats_held`, read without a lock, are the service's first guess of confirmed or
    waitlisted; the lock decides.
    """
    with prepared_cursor() as cursor:
        cursor.execute(
            "SELECT id, interpretation_languages, capacity, seats_held, EXISTS (SELECT 1 FROM "
            "events_registrationquestion q WHERE q.event_id = e.id) "
            "FROM events_event e WHERE slug = %s AND status <> %s",
            [slug, Event.Status.DRAFT],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    pk, languages, capacity, seats_held, has_questions = row
    languages = Event._meta.get_field("interpretation_languages").from_db_value(
        languages, None, connection
    )
    loaded = {"id": pk, "slug": slug, "interpretation_languages": languages,
              "capacity": capacity, "seats_held": seats_held}
    # from_db() takes the values in the model's field order.
    names = [f.attname for f in Event._meta.concrete_fields if f.attname in loaded]
    event = Event.from_db(connection.alias, names, [loaded[name] for name in names])
    if has_questions:
        prefetch_related_objects([event], "questions")
    else:
        # What prefetching leaves behind for an event without questions (Django's
        # prefetch_one_level), without its cost: clean_answers() then compiles no query.
        # A plain QuerySet: the manager's (modeltranslation's) costs more to build.
        questions = QuerySet(model=RegistrationQuestion).none()
        questions._result_cache, questions._prefetch_done = [], True
        event._prefetched_objects_cache = {"questions": questions}
    return event


def event_get(*, slug: str) -> Event:
    return event_queryset_detail().get(slug=slug)


def event_list_upcoming(*, limit: int | None = None) -> list[Event]:
    qs = Event.objects.published().upcoming().order_by("starts_at")
    return list(qs[:limit] if limit else qs)


def _ahead_in_waitlist() -> Q:
    """Waitlisted registrations of the same event that joined earlier (ties by id)."""
    return Q(created_at__lt=OuterRef("created_at")) | Q(
        created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")
    )


def with_waitlist_position(qs: QuerySet[Registration]) -> QuerySet[Registration]:
    """Annotates `waitlist_ahead` in the same query, so a list shows positions without one
    query per row."""
    ahead = (
        Registration.objects.waitlisted().filter(event=OuterRef("event"))
        .filter(_ahead_in_waitlist()).order_by().values("event")
        .annotate(n=Count("pk")).values("n")
    )
    return qs.annotate(waitlist_ahead=Coalesce(Subquery(ahead), 0))


def waitlist_position(*, registration: Registration) -> int | None:
    """1 for the next person to be promoted; None when not on the waiting list."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = getattr(registration, "waitlist_ahead", None)
    if ahead is None:
        # Plain SQL: every registration answers with its position, and the ORM's version of
        # this count cost 1 ms of CPU (docs/performance.md). Index (event, status, created_at).
        created_at = connection.ops.adapt_datetimefield_value(registration.created_at)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM events_registration WHERE event_id = %s AND status = %s "
                "AND created_at <= %s AND (created_at < %s OR id < %s)",
                [registration.event_id, Registration.Status.WAITLISTED, created_at, created_at,
                 registration.pk],
            )
            ahead = cursor.fetchone()[0]
    return ahead + 1


def registration_list_for_user(*, user: User) -> QuerySet[Registration]:
    return with_waitlist_position(
        Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("-event__starts_at", "-created_at")
    )


def registration_active_for(*, user: User, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.active().filter(user=user, event=event).first()


def interpretation_counts(*, event: Event) -> dict[str, int]:
    """Active registrations per interpretation language, so interpreters can be booked."""
    rows = (
        Registration.objects.active().filter(event=event).exclude(interpretation_language="")
        .values("interpretation_language").annotate(n=Count("pk"))
    )
    return {row["interpretation_language"]: row["n"] for row in rows}
