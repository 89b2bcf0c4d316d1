"""Many people at once, on real PostgreSQL with one connection per thread."""

from __future__ import annotations

import pytest

from apps.events import selectors, services
from apps.events.models import Registration
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
