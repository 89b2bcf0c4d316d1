"""Factories for the event page tests. Users, events and questions come from tests/factories.py;
agenda items and registrations are added here."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from apps.events.models import AgendaItem, Registration
from tests.factories import EventFactory, RegistrationQuestionFactory, UserFactory

__all__ = [
    "AgendaItemFactory",
    "EventFactory",
    "RegistrationFactory",
    "RegistrationQuestionFactory",
    "UserFactory",
]


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=30))
    title_ko = factory.Sequence(lambda n: f"세션 {n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    speaker_ko = "강남구청장"
    speaker_en = "Mayor of Gangnam-gu"
    order = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration written straight to the table, for arranging a test's starting state
    (the code under test goes through the services)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory, preferred_language="en")
    status = Registration.Status.CONFIRMED
    language = factory.LazyAttribute(lambda o: o.user.preferred_language)
    privacy_consent_at = factory.LazyFunction(timezone.now)
