from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(out))
    assert "/api/v1/me/" in out.read_text()


def test_schema_and_docs_are_served_without_any_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html and "http://" not in html


def test_errors_have_one_format():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == response.status_code
    assert body["error"]["code"] == "not_authenticated"
    assert body["error"]["message"]


def test_validation_errors_name_the_field_in_the_callers_language(user):
    client = APIClient()
    client.force_authenticate(user)
    response = client.patch(
        "/api/v1/me/", {"preferred_language": "xx"}, format="json", HTTP_ACCEPT_LANGUAGE="ko"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "preferred_language" in error["fields"]
    assert "xx" in error["message"]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in error["message"])  # Korean text


def test_token_authentication(user, client):
    client.force_login(user)
    response = client.post("/api/v1/auth/token/")
    assert response.status_code == 201
    token = response.json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    api.delete("/api/v1/auth/token/")
    assert api.get("/api/v1/me/").status_code == 401


def test_anonymous_calls_are_throttled(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    client = APIClient()
    statuses = [client.get("/api/schema/?format=json").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    body = client.get("/api/schema/?format=json").json()
    assert body["error"]["code"] == "throttled"
