"""The registration rules of DESIGN.md section 4, one by one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.events import exceptions as exc
from apps.events import selectors, services
from apps.events.models import Event, Registration
from tests.factories import EventFactory, RegistrationQuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def register(event, user=None, **kwargs):
    kwargs.setdefault("privacy_consent", True)
    return services.registration_create(event=event, user=user or UserFactory(), **kwargs)


def test_confirms_while_seats_are_free_then_waitlists():
    event = EventFactory(capacity=2)
    first, _ = register(event)
    second, _ = register(event)
    third, created = register(event)
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]
    assert created
    assert selectors.waitlist_position(registration=third) == 1
    assert selectors.waitlist_position(registration=first) is None


def test_snapshots_the_person_and_uses_their_language():
    user = UserFactory(preferred_language="vi", resident_type="foreign_resident", country="VN")
    registration, _ = register(EventFactory(), user)
    assert registration.language == "vi"
    assert registration.resident_type == "foreign_resident"
    assert registration.country.code == "VN"
    assert len(registration.ticket_code) == 12
    stored = Registration.objects.get(pk=registration.pk)
    assert (stored.country.code, stored.resident_type, stored.language) == (
        "VN", "foreign_resident", "vi")


def test_unlimited_capacity_always_confirms():
    event = EventFactory(capacity=None)
    assert {register(event)[0].status for _ in range(5)} == {"confirmed"}


def test_full_event_without_waitlist_refuses():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    register(event)
    with pytest.raises(exc.EventFull):
        register(event)
    assert event.registrations.count() == 1


def test_a_second_submit_returns_the_existing_registration():
    event, user = EventFactory(), UserFactory()
    first, created_first = register(event, user)
    again, created_again = register(event, user)
    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert event.registrations.count() == 1


def test_after_cancelling_one_can_register_again():
    event, user = EventFactory(), UserFactory()
    first, _ = register(event, user)
    services.registration_cancel(registration=first)
    second, created = register(event, user)
    assert created and second.pk != first.pk


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"status": "cancelled"}, exc.EventCancelled),
        ({"status": "draft"}, exc.RegistrationClosed),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)},
         exc.RegistrationClosed),
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, exc.RegistrationClosed),
    ],
)
def test_closed_or_cancelled_events_refuse(changes, error):
    event = EventFactory(**changes)
    with pytest.raises(error):
        register(event)
    assert not event.registrations.exists()


def test_consent_is_required():
    event = EventFactory()
    with pytest.raises(exc.ConsentRequired):
        register(event, privacy_consent=False)
    assert not event.registrations.exists()


def test_required_questions_and_choices_are_checked():
    event = EventFactory()
    text = RegistrationQuestionFactory(event=event, required=True)
    choice = RegistrationQuestionFactory(
        event=event, kind="choice", options_ko="채식\n일반식", options_en="Vegetarian\nRegular"
    )
    with pytest.raises(exc.InvalidAnswers) as raised:
        register(event, answers={str(choice.pk): "Pizza"})
    assert raised.value.errors == {str(text.pk): "required", str(choice.pk): "invalid_choice"}
    registration, _ = register(event, answers={str(text.pk): "Hi", str(choice.pk): "Vegetarian"})
    # Stored in Korean, the source language, whatever language was used to answer.
    assert registration.answers == {str(text.pk): "Hi", str(choice.pk): "채식"}


def test_interpretation_must_be_offered():
    event = EventFactory(interpretation_languages=["en"])
    with pytest.raises(exc.InvalidInterpretationLanguage):
        register(event, interpretation_language="ja")
    registration, _ = register(event, interpretation_language="en")
    assert registration.interpretation_language == "en"


def test_cancelling_a_seat_promotes_the_oldest_waitlisted():
    event = EventFactory(capacity=1)
    seat, _ = register(event)
    oldest, _ = register(event)
    younger, _ = register(event)
    promoted = services.registration_cancel(registration=seat)
    assert [r.pk for r in promoted] == [oldest.pk]
    oldest.refresh_from_db()
    younger.refresh_from_db()
    assert (oldest.status, younger.status) == ("confirmed", "waitlisted")
    assert oldest.promoted_at is not None
    assert selectors.waitlist_position(registration=younger) == 1


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    event = EventFactory(capacity=1)
    register(event)
    waiting, _ = register(event)
    other, _ = register(event)
    assert services.registration_cancel(registration=waiting) == []
    other.refresh_from_db()
    assert other.status == "waitlisted"


def test_cancelling_twice_is_harmless():
    registration, _ = register(EventFactory())
    services.registration_cancel(registration=registration)
    assert services.registration_cancel(registration=registration) == []


def test_raising_the_capacity_promotes_as_many_as_fit():
    event = EventFactory(capacity=1)
    register(event)
    waiting = [register(event)[0] for _ in range(4)]
    promoted = services.event_capacity_change(event=event, capacity=3)
    assert [r.pk for r in promoted] == [w.pk for w in waiting[:2]]
    assert event.registrations.confirmed().count() == 3


def test_lowering_the_capacity_below_seats_taken_is_refused():
    event = EventFactory(capacity=5)
    for _ in range(3):
        register(event)
    with pytest.raises(exc.CapacityBelowTaken) as raised:
        services.event_capacity_change(event=event, capacity=2)
    assert "3" in str(raised.value.message)
    event.refresh_from_db()
    assert event.capacity == 5
    services.event_capacity_change(event=event, capacity=3)
    event.refresh_from_db()
    assert event.capacity == 3


def test_removing_the_limit_promotes_everyone():
    event = EventFactory(capacity=1)
    register(event)
    register(event)
    register(event)
    services.event_capacity_change(event=event, capacity=None)
    assert not event.registrations.waitlisted().exists()


def test_promote_needs_a_free_seat():
    event = EventFactory(capacity=1)
    register(event)
    waiting, _ = register(event)
    with pytest.raises(exc.NoSeatFree):
        services.registration_promote(registration=waiting)
    event.capacity = 2
    event.save()
    assert services.registration_promote(registration=waiting).status == "confirmed"
    with pytest.raises(exc.NotWaitlisted):
        services.registration_promote(registration=waiting)


def test_check_in_once():
    organizer = UserFactory(is_staff=True)
    event = EventFactory()
    event.organizers.add(organizer)
    registration, _ = register(event)
    code = registration.ticket_code
    checked = services.registration_check_in(ticket_code=f" {code[:4]}-{code[4:]} ".lower(),
                                             by=organizer)
    assert checked.status == "attended" and checked.checked_in_by == organizer
    with pytest.raises(exc.AlreadyCheckedIn):
        services.registration_check_in(ticket_code=code, by=organizer)


def test_check_in_by_another_events_organizer_finds_nothing():
    stranger = UserFactory(is_staff=True)
    registration, _ = register(EventFactory())
    with pytest.raises(exc.TicketNotFound):
        services.registration_check_in(ticket_code=registration.ticket_code, by=stranger)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_waitlisted_tickets_cannot_be_checked_in():
    organizer = UserFactory(is_staff=True)
    event = EventFactory(capacity=1)
    event.organizers.add(organizer)
    register(event)
    waiting, _ = register(event)
    with pytest.raises(exc.NotCheckInable):
        services.registration_check_in(ticket_code=waiting.ticket_code, by=organizer)


def test_attended_seats_still_count_against_capacity():
    organizer = UserFactory(is_staff=True, is_superuser=True)
    event = EventFactory(capacity=1)
    first, _ = register(event)
    services.registration_check_in(ticket_code=first.ticket_code, by=organizer)
    assert register(event)[0].status == "waitlisted"


def test_every_state_change_calls_the_notification_hook(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "notify", lambda **kw: calls.append(kw))
    event = EventFactory(capacity=1)
    seat, _ = register(event, UserFactory(preferred_language="ja"))
    waiting, _ = register(event)
    services.registration_cancel(registration=seat)
    services.event_cancel(event=event, reason="Typhoon")
    kinds = [(c["kind"], c["context"]["registration_id"]) for c in calls]
    assert kinds == [
        ("registration.confirmed", seat.pk),
        ("registration.waitlisted", waiting.pk),
        ("registration.cancelled", seat.pk),
        ("registration.promoted", waiting.pk),
        ("event.cancelled", waiting.pk),
    ]
    assert calls[0]["language"] == "ja"
    assert len({c["dedupe_key"] for c in calls}) == len(calls)
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED


def test_one_active_registration_is_a_database_rule():
    from django.db import IntegrityError, transaction

    registration, _ = register(EventFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=registration.event, user=registration.user, status="waitlisted",
            language="ko", privacy_consent_at=timezone.now(),
        )
