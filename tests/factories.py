from __future__ import annotations

from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from apps.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    preferred_language = "ko"
    resident_type = User.ResidentType.CITIZEN
    privacy_consent_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            # Existing accounts have a verified address, as after allauth's signup.
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class EventFactory(factory.django.DjangoModelFactory):
    """A published event open for registration, a month ahead."""

    class Meta:
        model = "events.Event"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"event-{n}")
    axis = "culture"
    format = "in_person"
    title_ko = factory.Sequence(lambda n: f"행사 {n}")
    title_en = factory.Sequence(lambda n: f"Event {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    capacity = 50
    waitlist_enabled = True
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    status = "published"
    interpretation_languages = factory.LazyFunction(lambda: ["en", "vi"])


class RegistrationQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.RegistrationQuestion"

    event = factory.SubFactory(EventFactory)
    label_ko = "질문"
    label_en = "Question"
    kind = "text"
    required = False
