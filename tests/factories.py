from __future__ import annotations

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
