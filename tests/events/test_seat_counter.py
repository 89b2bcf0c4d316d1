"""Event.seats_held, Event.waitlist_length and the one-statement registration path.

The counters are kept by database triggers (migrations 0005, 0006), so they must equal the
counts of confirmed + attended and of waitlisted rows whatever writes them: the services,
plain ORM writes, bulk statements, raw SQL. These tests run on SQLite and on PostgreSQL
(each has its own triggers); the concurrent ones are in test_concurrency.py.
"""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from apps.accounts.authentication import OneQueryTokenAuthentication
from apps.events import exceptions as exc
from apps.events import services
from apps.events.api import RegistrationSerializer
from apps.events.models import Event, Registration
from apps.notifications import services as notification_services
from apps.notifications.models import Notification
from tests.events.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

SEATS = ("confirmed", "attended")


def held(event: Event) -> int:
    return Event.objects.values_list("seats_held", flat=True).get(pk=event.pk)


def counted(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=SEATS).count()


def waiting(event: Event) -> int:
    return Event.objects.values_list("waitlist_length", flat=True).get(pk=event.pk)


def counted_waiting(event: Event) -> int:
    return Registration.objects.filter(event=event, status="waitlisted").count()


def register(event, user=None, **kwargs):
    kwargs.setdefault("privacy_consent", True)
    return services.registration_create(event=event, user=user or UserFactory(), **kwargs)


def test_the_counter_follows_every_kind_of_write():
    event, other = EventFactory(capacity=None), EventFactory(capacity=None)
    rows = [RegistrationFactory(event=event, status=status)
            for status in ("confirmed", "confirmed", "attended", "waitlisted", "cancelled")]
    assert held(event) == counted(event) == 3
    assert waiting(event) == counted_waiting(event) == 1
    rows[3].status = "confirmed"
    rows[3].save()  # a full save, every column written
    assert (held(event), waiting(event)) == (4, 0)
    rows[0].status = "attended"
    rows[0].save(update_fields=["status"])  # a seat stays a seat
    assert held(event) == 4
    Registration.objects.filter(pk__in=[rows[1].pk, rows[2].pk]).update(status="cancelled")
    assert held(event) == counted(event) == 2
    Registration.objects.filter(pk=rows[0].pk).update(event=other)  # moved to another event
    assert (held(event), held(other)) == (1, 1)
    Registration.objects.filter(pk=rows[3].pk).delete()
    assert held(event) == counted(event) == 0
    Registration.objects.bulk_create([
        Registration(event=event, user=UserFactory(), status=status, language="ko",
                     privacy_consent_at=timezone.now())
        for status in ("confirmed", "attended", "waitlisted")
    ])
    assert held(event) == counted(event) == 2
    assert waiting(event) == counted_waiting(event) == 1
    assert held(other) == counted(other) == 1
    Registration.objects.filter(event=event, status="cancelled").update(status="waitlisted")
    assert waiting(event) == counted_waiting(event) == 4
    Registration.objects.filter(event=event).delete()
    assert (held(event), waiting(event)) == (0, 0)


def test_the_counter_follows_raw_sql_and_fields_that_are_not_the_status():
    event = EventFactory(capacity=None)
    row = RegistrationFactory(event=event)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_registration SET accessibility_needs = 'ramp' "
                       "WHERE id = %s", [row.pk])
        cursor.execute("UPDATE events_registration SET status = 'waitlisted' WHERE id = %s",
                       [row.pk])
    assert held(event) == counted(event) == 0
    assert waiting(event) == counted_waiting(event) == 1


def test_the_services_keep_it_equal_to_the_count():
    event = EventFactory(capacity=2)
    first, _ = register(event)
    second, _ = register(event)
    waiting_one, _ = register(event)
    assert [r.status for r in (first, second, waiting_one)] == ["confirmed", "confirmed",
                                                               "waitlisted"]
    assert (held(event), waiting(event)) == (2, 1)
    organizer = UserFactory(is_staff=True, is_superuser=True)
    services.registration_check_in(ticket_code=first.ticket_code, by=organizer)
    assert held(event) == 2
    promoted = services.registration_cancel(registration=second)
    assert [r.pk for r in promoted] == [waiting_one.pk]
    assert held(event) == counted(event) == 2
    assert waiting(event) == 0
    event.refresh_from_db()
    services.event_capacity_change(event=event, capacity=5)
    register(event)
    assert held(event) == counted(event) == 3
    with pytest.raises(exc.CapacityBelowTaken):
        services.event_capacity_change(event=event, capacity=2)


def test_saving_an_event_loaded_earlier_leaves_the_counters_alone():
    event = EventFactory(capacity=1)
    stale = Event.objects.get(pk=event.pk)
    register(event)
    register(event)
    stale.title_en = "Renamed"
    stale.save()
    stale.refresh_from_db()
    assert (stale.title_en, stale.seats_held, stale.waitlist_length) == ("Renamed", 1, 1)


@pytest.mark.parametrize("name", ["0005_event_seats_held", "0006_event_waitlist_length"])
def test_the_migrations_count_rows_written_before_them(name):
    event = EventFactory(capacity=None)
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory.create_batch(2, event=event, status="waitlisted")
    # As before the columns existed.
    Event.objects.filter(pk=event.pk).update(seats_held=0, waitlist_length=0)
    migration = import_module(f"apps.events.migrations.{name}")
    with connection.cursor() as cursor:
        cursor.execute(migration.COUNT)
    assert held(event) == 3
    assert waiting(event) == (2 if name.startswith("0006") else 0)


def test_a_full_event_without_a_waiting_list_refuses_and_writes_nothing():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    register(event)
    with pytest.raises(exc.EventFull):
        register(event)
    assert Registration.objects.filter(event=event).count() == 1
    assert Notification.objects.filter(kind__startswith="registration.").count() == 1


@pytest.mark.parametrize("change", [
    {"status": Event.Status.CANCELLED},
    {"registration_closes_at": timezone.now() - timedelta(minutes=1)},
    {"registration_opens_at": timezone.now() + timedelta(days=1)},
])
def test_a_closed_event_is_refused_with_the_reason(change):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(**change)
    expected = (exc.EventCancelled if "status" in change else exc.RegistrationClosed)
    with pytest.raises(expected):
        register(event)
    assert not Registration.objects.filter(event=event).exists()


def test_one_outbox_row_per_registration_with_its_kind_and_language(
    django_capture_on_commit_callbacks, monkeypatch,
):
    queued = []
    for module in (services, notification_services):  # the statement's path, notify()'s
        monkeypatch.setattr(module, "dispatch", lambda **kw: queued.append(kw["notification_id"]))
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        seat, _ = register(event, UserFactory(preferred_language="vi"))
        waiting, _ = register(event, UserFactory(preferred_language="ja"))
        again, created = register(event, waiting.user)
    assert (again.pk, created) == (waiting.pk, False)
    rows = Notification.objects.filter(kind__startswith="registration.").order_by("pk")
    assert [(r.kind, r.language, r.context, r.address) for r in rows] == [
        ("registration.confirmed", "vi", {"registration_id": seat.pk, "event_id": event.pk},
         seat.user.email),
        ("registration.waitlisted", "ja", {"registration_id": waiting.pk, "event_id": event.pk},
         waiting.user.email),
    ]
    assert queued == [r.pk for r in rows]


@pytest.mark.postgres
def test_the_statement_writes_nothing_when_the_seat_it_expected_is_gone():
    """The seat decision is made under the lock: a try that expected a free seat on a full
    event (another registration took it in between) writes neither row."""
    event = EventFactory(capacity=1)
    register(event)
    late = Registration(event=event, user=UserFactory(), status="confirmed", language="ko",
                        privacy_consent_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('events_registration', 'id'))")
        late.pk = cursor.fetchone()[0]
    assert services._registration_statement(registration=late, seat_free=True) == (False,
                                                                                   False)
    assert Registration.objects.filter(event=event).count() == 1
    assert Notification.objects.filter(context__registration_id=late.pk).count() == 0
    assert held(event) == 1


def api_with_token(user) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    return APIClient(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")


def test_the_registration_response_is_the_serializers():
    event = EventFactory(capacity=1)
    url = f"/api/v1/events/{event.slug}/registrations/"
    answers = []
    for user in (UserFactory(), UserFactory(preferred_language="vi"), UserFactory()):
        answers.append(api_with_token(user).post(
            url, {"privacy_consent": True, "interpretation_language": "en",
                  "accessibility_needs": " ramp "}, format="json"))
    waiting = Registration.objects.get(pk=answers[1].json()["id"])
    repeat = api_with_token(waiting.user).post(url, {"privacy_consent": True}, format="json")
    assert [a.status_code for a in answers] + [repeat.status_code] == [201, 201, 201, 200]
    for answer in [*answers, repeat]:
        registration = Registration.objects.get(pk=answer.json()["id"])
        assert answer.json() == RegistrationSerializer(registration).data
    assert [a.json()["waitlist_position"] for a in answers] == [None, 1, 2]


def test_token_authentication_answers_as_drfs():
    """The one-query token lookup written for this path (now the API's,
    apps/accounts/authentication.py) gives what DRF's TokenAuthentication gives."""
    active, inactive = UserFactory(preferred_language="vi", country="VN"), UserFactory(
        is_active=False
    )
    keys = [Token.objects.create(user=user).key for user in (active, inactive)]
    headers = [f"Token {key}" for key in [*keys, "nope"]] + ["Token", "Token a b", "Basic x"]
    for header in headers:
        answers = []
        for authentication in (TokenAuthentication(), OneQueryTokenAuthentication()):
            request = Request(APIRequestFactory().get("/", HTTP_AUTHORIZATION=header))
            try:
                found = authentication.authenticate(request)
            except AuthenticationFailed as error:
                answers.append(("refused", str(error.detail)))
            else:
                answers.append(found and (found[0], found[0].email, found[0].country,
                                          found[0].preferred_language, found[1].key))
        assert answers[0] == answers[1], header
    url = f"/api/v1/events/{EventFactory().slug}/registrations/"
    for client in (APIClient(HTTP_AUTHORIZATION="Token nope"), api_with_token(inactive)):
        assert client.post(url, {"privacy_consent": True}, format="json").status_code == 401
    assert api_with_token(active).post(url, {"privacy_consent": True},
                                       format="json").status_code == 201


def test_a_draft_or_unknown_event_is_not_found():
    client = api_with_token(UserFactory())
    draft = EventFactory(status=Event.Status.DRAFT)
    for slug in (draft.slug, "no-such-event"):
        answer = client.post(f"/api/v1/events/{slug}/registrations/", {"privacy_consent": True},
                             format="json")
        assert answer.status_code == 404



@pytest.mark.postgres
def test_registration_ids_come_from_the_sequence_a_block_at_a_time(django_assert_num_queries):
    from apps.events.services import _IdBlock, _next_registration_id

    _IdBlock.ids.clear()
    with django_assert_num_queries(1):
        first = [_next_registration_id() for _ in range(_IdBlock.size)]
    assert first == sorted(set(first)) and len(first) == _IdBlock.size
    with django_assert_num_queries(1):
        following = _next_registration_id()
    assert following > first[-1]
    # A registration written by the ORM meanwhile takes another value: no id is used twice.
    event, user = EventFactory(), UserFactory()
    orm = Registration.objects.create(event=event, user=user, status="confirmed",
                                      language="ko", privacy_consent_at=timezone.now())
    assert orm.pk not in first and orm.pk != following
