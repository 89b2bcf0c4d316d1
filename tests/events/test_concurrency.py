"""Many people at once, on real PostgreSQL with one connection per thread."""

from __future__ import annotations

import pytest

from apps.events import exceptions as exc
from apps.events import selectors, services
from apps.events.api import registration_payload
from apps.events.models import Registration
from apps.notifications.models import Notification
from tests.factories import EventFactory, UserFactory
from tests.utils import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _register(user_and_event):
    user, event = user_and_event
    return services.registration_create(event=event, user=user, privacy_consent=True)[0]


def test_200_concurrent_registrations_never_overbook_a_50_seat_event():
    event = EventFactory(capacity=50)
    users = UserFactory.create_batch(200)
    results = run_concurrently(_register, [(u, event) for u in users])
    assert not [r for r in results if isinstance(r, Exception)]
    confirmed = list(event.registrations.confirmed().order_by("created_at", "pk"))
    waitlisted = list(event.registrations.waitlisted().order_by("created_at", "pk"))
    assert len(confirmed) == 50
    assert len(waitlisted) == 150
    # Seats went in the order the lock was granted: every confirmed registration is older
    # than every waitlisted one, and waiting-list positions run 1..150 without gaps.
    assert confirmed[-1].created_at <= waitlisted[0].created_at
    positions = [selectors.waitlist_position(registration=r) for r in waitlisted]
    assert positions == list(range(1, 151))


def test_10_concurrent_cancellations_promote_exactly_10():
    event = EventFactory(capacity=50)
    users = UserFactory.create_batch(80)
    registrations = [_register((u, event)) for u in users]
    seats = [r for r in registrations if r.status == "confirmed"][:10]
    oldest_waiting = [r.pk for r in registrations if r.status == "waitlisted"][:10]
    results = run_concurrently(lambda r: services.registration_cancel(registration=r), seats)
    assert not [r for r in results if isinstance(r, Exception)]
    promoted = sorted(r.pk for batch in results for r in batch)
    assert promoted == sorted(oldest_waiting)
    assert event.registrations.confirmed().count() == 50
    assert event.registrations.waitlisted().count() == 20


def test_concurrent_double_submits_leave_one_row():
    event = EventFactory(capacity=50)
    user = UserFactory()
    results = run_concurrently(_register, [(user, event)] * 10, workers=10)
    assert not [r for r in results if isinstance(r, Exception)]
    assert len({r.pk for r in results}) == 1
    assert Registration.objects.filter(event=event, user=user).count() == 1


def test_concurrent_capacity_raise_and_registrations_stay_within_capacity():
    event = EventFactory(capacity=10)
    users = UserFactory.create_batch(60)

    def work(item):
        if item == "raise":
            return services.event_capacity_change(event=event, capacity=30)
        return _register((item, event))

    run_concurrently(work, [*users[:30], "raise", *users[30:]])
    event.refresh_from_db()
    assert event.capacity == 30
    assert event.registrations.confirmed().count() == 30
    assert event.registrations.waitlisted().count() == 30


# --- Event.seats_held and waitlist_length under concurrency (the one-statement path and the
# locked one) ------------------------------------------------------------------------------

SEATS = ("confirmed", "attended")


def _assert_counter_is_the_count(event):
    event.refresh_from_db()
    taken = event.registrations.filter(status__in=SEATS).count()
    assert event.seats_held == taken
    assert event.waitlist_length == event.registrations.waitlisted().count()
    if event.capacity is not None:
        assert taken <= event.capacity
        if event.registrations.waitlisted().exists():
            assert taken == event.capacity  # nobody waits while a seat is free


@pytest.mark.parametrize("capacity", [0, 1, 2])
def test_no_overbooking_at_the_capacity_boundary(capacity):
    event = EventFactory(capacity=capacity, waitlist_enabled=False)
    results = run_concurrently(_register, [(u, event) for u in UserFactory.create_batch(30)])
    full = [r for r in results if isinstance(r, exc.EventFull)]
    assert len(full) == 30 - capacity
    assert not [r for r in results if isinstance(r, Exception) and r not in full]
    assert event.registrations.confirmed().count() == capacity
    _assert_counter_is_the_count(event)


def test_the_last_seat_goes_once_and_the_rest_queue_in_order():
    event = EventFactory(capacity=1)
    results = run_concurrently(_register, [(u, event) for u in UserFactory.create_batch(40)])
    assert not [r for r in results if isinstance(r, Exception)]
    assert sorted(r.status for r in results).count("confirmed") == 1
    waitlisted = list(event.registrations.waitlisted().order_by("created_at", "pk"))
    seat = event.registrations.confirmed().get()
    assert seat.created_at <= waitlisted[0].created_at
    assert [selectors.waitlist_position(registration=r) for r in waitlisted] == list(
        range(1, 40)
    )
    # The places the API answers with (read from waitlist_length under the lock, on the
    # one-statement path) are the same 1..39, each once.
    given = sorted(registration_payload(r, event_slug=event.slug)["waitlist_position"]
                   for r in results if r.status == "waitlisted")
    assert given == list(range(1, 40))
    assert sum(hasattr(r, "waitlist_position_when_created") for r in results) >= 30
    _assert_counter_is_the_count(event)


def test_double_submits_of_many_people_at_once_leave_one_row_each():
    event = EventFactory(capacity=5)
    users = UserFactory.create_batch(10)
    results = run_concurrently(_register, [(u, event) for u in users for _ in range(4)])
    assert not [r for r in results if isinstance(r, Exception)]
    for index, user in enumerate(users):
        assert len({r.pk for r in results[index * 4:index * 4 + 4]}) == 1
        assert Registration.objects.filter(event=event, user=user).count() == 1
    outbox = Notification.objects.filter(context__event_id=event.pk)
    assert outbox.count() == 10
    assert outbox.filter(kind="registration.confirmed").count() == 5
    _assert_counter_is_the_count(event)


def test_a_capacity_raise_promotes_exactly_as_many_as_fit():
    event = EventFactory(capacity=10)
    for user in UserFactory.create_batch(30):
        _register((user, event))
    oldest_waiting = list(
        event.registrations.waitlisted().order_by("created_at", "pk").values_list("pk", flat=True)
    )[:7]

    def work(item):
        if item == "raise":
            return services.event_capacity_change(event=event, capacity=17)
        return _register((item, event))

    results = run_concurrently(work, [*UserFactory.create_batch(5), "raise",
                                      *UserFactory.create_batch(5)])
    assert not [r for r in results if isinstance(r, Exception)]
    promoted = results[5]
    assert sorted(r.pk for r in promoted) == sorted(oldest_waiting)
    assert event.registrations.confirmed().count() == 17
    assert event.registrations.waitlisted().count() == 23
    _assert_counter_is_the_count(event)


def test_the_counter_equals_the_count_after_a_storm_of_every_seat_change():
    """Registrations, double submits, cancellations (each promoting), organizer promotions,
    check-ins and capacity changes, all at once."""
    event = EventFactory(capacity=15)
    people = UserFactory.create_batch(40)
    for user in people[:30]:
        _register((user, event))
    confirmed = list(event.registrations.confirmed().order_by("pk"))
    waiting = list(event.registrations.waitlisted().order_by("pk"))
    organizer = UserFactory(is_staff=True, is_superuser=True)

    def work(item):
        kind, target = item
        if kind == "register":
            return _register((target, event))
        if kind == "cancel":
            return services.registration_cancel(registration=target)
        if kind == "promote":
            return services.registration_promote(registration=target)
        if kind == "check_in":
            return services.registration_check_in(ticket_code=target.ticket_code, by=organizer)
        return services.event_capacity_change(event=event, capacity=target)

    work_items = [
        *[("register", user) for user in people[30:]],
        *[("register", user) for user in people[:5]],  # double submits
        *[("cancel", r) for r in confirmed[:6] + waiting[:4]],
        *[("promote", r) for r in waiting[4:9]],
        *[("check_in", r) for r in confirmed[6:10]],
        ("capacity", 18), ("capacity", 12), ("capacity", 20),
    ]
    results = run_concurrently(work, work_items)
    allowed = (exc.NoSeatFree, exc.NotWaitlisted, exc.CapacityBelowTaken)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, allowed)]
    _assert_counter_is_the_count(event)
    assert event.registrations.filter(status="attended").count() == 4
    active = event.registrations.active()
    assert active.values("user").distinct().count() == active.count()
