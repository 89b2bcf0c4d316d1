"""A foreign resident needs no password: signup, emailed verification code, emailed login code."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from apps.accounts.models import User

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\s*([A-Z0-9-]{6,12})\s*$", re.MULTILINE)


def _code_from(message) -> str:
    match = CODE.search(message.body)
    assert match, message.body
    return match.group(1)


def test_signup_then_emailed_code_then_login(client):
    response = client.post(
        "/ja/accounts/signup/",
        {
            "email": "Haruka@Example.org",
            "preferred_language": "ja",
            "resident_type": "foreign_resident",
            "country": "JP",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email__iexact="haruka@example.org")
    assert user.preferred_language == "ja"
    assert user.resident_type == "foreign_resident"
    assert user.country.code == "JP"
    assert user.privacy_consent_at is not None
    assert not user.has_usable_password()

    # Verification code, sent in the person's language.
    assert len(mail.outbox) == 1
    verification = mail.outbox[0]
    assert verification.to == ["haruka@example.org"]
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", verification.subject), verification.subject
    page = client.get(response["Location"])
    assert page.status_code == 200
    response = client.post(response["Location"], {"code": _code_from(verification)})
    assert response.status_code == 302
    assert client.get("/ja/accounts/profile/").status_code == 200  # logged in
    assert user.emailaddress_set.get().verified

    # Log out, then log in again with an emailed code.
    client.post("/ja/accounts/logout/")
    assert client.get("/ja/accounts/profile/").status_code == 302
    mail.outbox.clear()
    response = client.post("/ja/accounts/login/code/", {"email": "haruka@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    response = client.post(response["Location"], {"code": _code_from(mail.outbox[0])})
    assert response.status_code == 302
    assert client.get("/ja/accounts/profile/").status_code == 200


def test_signup_requires_privacy_consent(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "no-consent@example.org", "preferred_language": "en",
         "resident_type": "visitor"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="no-consent@example.org").exists()
    assert "privacy_consent" in response.context["form"].errors


def test_a_wrong_login_code_does_not_log_in(client, user):
    response = client.post("/en/accounts/login/code/", {"email": user.email})
    assert response.status_code == 302
    response = client.post(response["Location"], {"code": "WRONG1"})
    assert response.status_code == 200
    assert client.get("/en/accounts/profile/").status_code == 302


def test_login_code_requests_are_rate_limited(user):
    # Each request from a fresh session, as someone flooding another person's inbox would.
    responses = [
        Client().post("/en/accounts/login/code/", {"email": user.email}) for _ in range(5)
    ]
    # allauth sends at most 3 codes a minute to one address; later requests are refused
    # with a form error on the page instead of another email.
    assert [r.status_code for r in responses[:3]] == [302, 302, 302]
    refused = responses[3]
    assert refused.status_code == 200
    assert refused.context["form"].errors["email"]
    assert len(mail.outbox) == 3


def test_the_resident_type_is_asked_not_assumed(client):
    # A default would count a foreign resident who skips the question as a Korean citizen.
    page = client.get("/vi/accounts/signup/").content.decode()
    select = re.search(r'<select[^>]*name="resident_type".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)" selected', select) == [""], select
    response = client.post("/vi/accounts/signup/", {
        "email": "an@example.org", "preferred_language": "vi", "country": "VN",
        "privacy_consent": "on"})
    assert response.status_code == 200
    assert not User.objects.filter(email="an@example.org").exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_login_page_keeps_next_on_its_sign_up_link(client):
    # allauth puts ?next= on the sign-up link of its login page; the header's own links
    # must not shadow it, or a person who signs up on the way to an event lands on the home
    # page instead.
    target = "/vi/events/k-pop-world-city-week/register/"
    page = client.get(f"/vi/accounts/login/?next={target}").content.decode()
    assert f'/vi/accounts/signup/?next={target.replace("/", "%2F")}' in page


def test_sign_up_takes_an_optional_name_for_the_ticket_and_the_door(client):
    response = client.post("/vi/accounts/signup/", {
        "email": "lan@example.org", "name": "Nguyễn Thị Lan", "preferred_language": "vi",
        "resident_type": "foreign_resident", "country": "VN", "privacy_consent": "on"})
    assert response.status_code == 302
    assert User.objects.get(email="lan@example.org").name == "Nguyễn Thị Lan"
    Client().post("/vi/accounts/signup/", {
        "email": "binh@example.org", "preferred_language": "vi",
        "resident_type": "visitor", "privacy_consent": "on"})
    assert User.objects.get(email="binh@example.org").name == ""


def test_an_empty_sign_up_is_answered_in_the_page_language(client):
    # The form leaves validation to the server (novalidate): the browser's bubbles would
    # speak the browser's language.
    page = client.get("/vi/accounts/signup/").content.decode()
    assert re.search(r'<form class="portal-form" novalidate', page)
    response = client.post("/vi/accounts/signup/", {"preferred_language": "vi"})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()
