"""API fuzzing with schemathesis (https://schemathesis.readthedocs.io/) against /api/schema/.

For every operation of the OpenAPI schema, requests generated from the schema (valid ones and,
in schemathesis' negative phases, invalid ones) go through the whole Django stack in-process
(WSGI), for three callers: anonymous, a citizen with an API token and an organizer with one.
Each response must:

- not be a server error (5xx);
- have a documented status code (every operation documents its errors: 400, 401, 403, 404,
  409 and 429 as apps/core/api/errors.py describes them);
- have a documented content type and a body that validates against the documented schema,
  errors included;
- not succeed without credentials where the schema says they are needed (ignored_auth).

About half of the generated path parameters and ticket codes are swapped for rows that exist
(the caller's registrations and feedback, published events, tickets at the organizer's door),
so the success paths (registering, checking in, cancelling) are fuzzed as well as the 404s.

Deterministic: hypothesis derandomized, a fixed number of examples per operation.
"""

from __future__ import annotations

import zlib
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application as django_application
from tests.events.factories_admin import EventFactory, RegistrationFactory, make_organizer
from tests.factories import UserFactory

EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, ignored_auth]


def application(environ: dict, start_response: Any) -> Any:
    """The portal's WSGI application with the client address a real server always sets
    (werkzeug's test client does not; the feedback rate limit keys on it)."""
    environ.setdefault("REMOTE_ADDR", "127.0.0.1")
    return django_application(environ, start_response)


# schemathesis' coverage phase sends every value the schema allows; for PATCH /me/ that is
# each of the 249 countries in each of three media types, three quarters of this test's time.
# That operation gets the examples and fuzzing phases only.
CONFIG = schemathesis.Config.from_dict({
    "operations": [{"include-path": "/api/v1/me/", "include-method": "PATCH",
                    "phases": {"coverage": {"enabled": False}}}],
})
# Loaded at collection: the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)


@pytest.fixture(autouse=True)
def _one_database_connection():
    """Django closes the database connection around each request (close_old_connections);
    that would end the test's transaction. Django's test client unhooks it for its requests,
    as this does for the WSGI calls of the test."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def world(db) -> dict[str, Any]:
    """Rows for the generated requests to find: open, full and cancelled events; a citizen
    with registrations and feedback; an organizer of one event, with tickets at its door."""
    from apps.feedback.models import Feedback

    citizen = UserFactory(preferred_language="vi")
    organizer = make_organizer()
    open_event = EventFactory(slug="open-event", organizers=[organizer], capacity=3)
    full_event = EventFactory(slug="full-event", capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=full_event)
    EventFactory(slug="cancelled-event", status="cancelled")
    mine = RegistrationFactory(event=open_event, user=citizen)
    tickets = [RegistrationFactory(event=open_event).ticket_code for _ in range(2)]
    feedback = Feedback.objects.create(
        user=citizen, event=open_event, body="Cảm ơn, sự kiện rất hay!", language="vi",
        public=True, privacy_consent_at=mine.privacy_consent_at,
    )
    return {
        "tokens": {
            "anonymous": None,
            "citizen": Token.objects.create(user=citizen).key,
            "organizer": Token.objects.create(user=organizer).key,
        },
        "slug": ["open-event", "full-event", "cancelled-event"],
        "id": [mine.pk, feedback.pk],
        "ticket_code": [*tickets, mine.ticket_code],
    }


def _pick(value: object, choices: list) -> object:
    """A deterministic choice: one of `choices` for about half of the values, else the value."""
    index = zlib.crc32(repr(value).encode()) % (2 * len(choices))
    return choices[index] if index < len(choices) else value


def steer_to_existing_rows(case: Any, world: dict[str, Any]) -> None:
    for name in ("slug", "id"):
        if case.path_parameters and name in case.path_parameters:
            case.path_parameters[name] = _pick(case.path_parameters[name], world[name])
    if isinstance(case.body, dict) and "ticket_code" in case.body:
        case.body["ticket_code"] = _pick(case.body["ticket_code"], world["ticket_code"])


@pytest.fixture(params=["anonymous", "citizen", "organizer"])
def caller(request, world) -> dict[str, str]:
    token = world["tokens"][request.param]
    return {"Authorization": f"Token {token}"} if token else {}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
    # One database transaction (pytest-django's `db`) holds all the examples of an operation;
    # each example clears the throttles and rate limits it may have used up.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
)
def test_api_answers_as_documented(case, caller, world):
    cache.clear()
    steer_to_existing_rows(case, world)
    case.call_and_validate(headers=caller, checks=CHECKS)

