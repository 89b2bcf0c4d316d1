from __future__ import annotations

import time
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.test import RequestFactory
from django.test.client import ClientMixin
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

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        """Staff accounts have an authenticator app, as the portal requires of them
        (apps/accounts/mfa.py). `UserFactory(is_staff=True, totp=False)`: one that has not set
        it up yet."""
        if create and extracted is not False and (obj.is_staff or obj.is_superuser):
            add_totp(obj)


# --- Two-factor authentication (staff) ------------------------------------------------------
# Staff need an authenticator app and a session that used it (apps/accounts/middleware_mfa.py).
# tests/conftest.py makes `client.force_login(staff)` mark the session as a real login with the
# code would; tests of the enforcement itself go through allauth's pages with `totp_code()`.


def add_totp(user: User) -> Authenticator:
    """The authenticator app allauth would have stored after activation (a fresh secret)."""
    return TOTP.activate(user, generate_totp_secret()).instance


def totp_code(user: User) -> str:
    """The code the person's authenticator app shows now, computed with allauth's own helpers.

    Never within the last second of a 30-second step, so the code is still valid when the
    test posts it.
    """
    period = settings.MFA_TOTP_PERIOD
    if period - time.time() % period < 1.5:
        time.sleep(period - time.time() % period + 0.05)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def mark_session_mfa_done(client: ClientMixin, user: User) -> None:
    """Records in the client's session the "mfa" step that allauth records when the code is
    entered at login, with allauth's own recorder."""
    from allauth.account.internal.flows.login import record_authentication

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    session = client.session
    request = RequestFactory().get("/")
    request.session = session
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    session.save()


def login_staff(client: ClientMixin, user: User) -> None:
    """Logs a staff member in as if through allauth's login with the authenticator code."""
    client.force_login(user)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        raise AssertionError(f"{user} has no authenticator app: add_totp(user) first")
    mark_session_mfa_done(client, user)


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
