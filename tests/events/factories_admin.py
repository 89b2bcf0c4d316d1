"""Factories and helpers for the organizer-side tests (admin, exports, door check-in)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from apps.accounts.roles import organizers_group_sync
from apps.events.models import Event, Registration, RegistrationQuestion
from tests.factories import UserFactory


def organizers_group() -> Group:
    return organizers_group_sync()


def make_organizer(**kwargs):
    """A member of the Organizers group. Like every staff account made by UserFactory it has
    an authenticator app (two-factor is required of staff); `make_organizer(totp=False)`
    makes one that has not set it up."""
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(organizers_group())
    return user


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"admin-event-{n}")
    axis = "tech"
    format = Event.Format.IN_PERSON
    title = factory.Sequence(lambda n: f"행사 {n}")
    title_ko = factory.SelfAttribute("title")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    capacity = 10
    waitlist_enabled = True
    status = Event.Status.PUBLISHED
    interpretation_languages = factory.LazyFunction(lambda: ["en", "ja"])

    @factory.post_generation
    def organizers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organizers.add(*extracted)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationQuestion

    event = factory.SubFactory(EventFactory)
    label = factory.Sequence(lambda n: f"질문 {n}")
    label_ko = factory.SelfAttribute("label")
    kind = RegistrationQuestion.Kind.TEXT
    order = factory.Sequence(lambda n: n)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """Writes rows directly (the services are tested elsewhere); for seat-counting tests,
    keep confirmed + attended within the capacity."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    language = "ko"
    resident_type = "citizen"
    privacy_consent_at = factory.LazyFunction(timezone.now)
