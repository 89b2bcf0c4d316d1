"""Shared scenarios for the summaries and the digest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.events import services
from apps.events.models import Registration
from tests.factories import EventFactory, UserFactory
from tests.insights.scenario import SEOUL, at


@pytest.fixture
def activity():
    """Two events on two axes, registrations over three days, cancellations, a promotion,
    an attended seat of an ended event, and a returning participant."""
    today = timezone.localtime(timezone.now(), SEOUL).date()
    day = today - timedelta(days=1)
    tech = EventFactory(axis="tech", capacity=2)
    culture = EventFactory(axis="culture", capacity=None)
    past = EventFactory(axis="culture", starts_at=timezone.now() - timedelta(days=3),
                        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
                        registration_opens_at=None)
    regular = UserFactory(resident_type="foreign_resident", country="VN",
                          preferred_language="vi")
    people = [
        UserFactory(resident_type="citizen", country="KR"),
        UserFactory(resident_type="foreign_resident", country="JP", preferred_language="ja"),
        UserFactory(resident_type="visitor", country="US", preferred_language="en"),
    ]
    # Before the period: `regular` attended the past event.
    Registration.objects.create(event=past, user=regular, status="attended", language="vi",
                                resident_type="foreign_resident", country="VN",
                                privacy_consent_at=timezone.now())
    Registration.objects.filter(event=past).update(created_at=at(day - timedelta(days=5)))
    made = []
    for user in [regular, *people]:
        registration, _ = services.registration_create(event=tech, user=user,
                                                       privacy_consent=True)
        made.append(registration)
    services.registration_create(event=culture, user=people[0], privacy_consent=True)
    Registration.objects.exclude(event=past).update(created_at=at(day))
    # An older registration outside the period.
    old, _ = services.registration_create(event=culture, user=UserFactory(),
                                          privacy_consent=True)
    Registration.objects.filter(pk=old.pk).update(created_at=at(day - timedelta(days=2)))
    # In the period: one confirmed seat is cancelled and the first waitlisted is promoted.
    services.registration_cancel(registration=made[0])
    Registration.objects.filter(cancelled_at__isnull=False).update(cancelled_at=at(day, 15))
    Registration.objects.filter(promoted_at__isnull=False).update(promoted_at=at(day, 15))
    return {"day": day, "tech": tech, "culture": culture, "past": past}


