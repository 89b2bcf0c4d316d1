"""The privacy policy lists purposes, items, retention periods, processors and rights in every
language, points to the self-service download and deletion, and states the same retention
period as the setting and the consent notices."""

from __future__ import annotations

import pytest
from django.conf import settings

from apps.accounts.checks import STATED_RETENTION_DAYS
from tests.factories import EventFactory, UserFactory

pytestmark = pytest.mark.django_db

SECTIONS = ["controller", "purposes", "items", "retention", "processors", "rights", "contact"]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_language_has_every_section(client, language):
    response = client.get(f"/{language}/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    for section in SECTIONS:
        assert f'<h2 id="{section}">' in html, section
    assert f'href="/{language}/accounts/profile/"' in html  # download and delete live there


def test_english_policy_names_processors_and_self_service(client):
    html = client.get("/en/privacy/").content.decode()
    assert "A mail delivery provider" in html
    assert "A hosting provider" in html
    assert "machine translation service" in html
    assert "“Download my data”" in html and "“Delete my account”" in html
    assert "applies these periods every night" in html


def test_policy_and_consent_notices_state_the_configured_period(client):
    """The check (accounts.W001) compares the setting with STATED_RETENTION_DAYS; this ties
    that constant to what the pages really say."""
    assert settings.PRIVACY_RETENTION_DAYS == STATED_RETENTION_DAYS
    stated = f"{STATED_RETENTION_DAYS} days"
    assert client.get("/en/privacy/").content.decode().count(stated) >= 2
    assert stated in client.get("/en/feedback/").content.decode()
    event = EventFactory()
    client.force_login(UserFactory())
    assert stated in client.get(f"/en/events/{event.slug}/register/").content.decode()
