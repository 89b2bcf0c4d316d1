"""Who may do what, one test per rule: every target below, for each of five actors.

Actors: anonymous; a citizen; the organizer of event A; the organizer of event B; a superuser.
Staff sign in as after allauth's login with their authenticator code (tests/conftest.py
marks `force_login` sessions of staff with an authenticator app as two-factor; the factories
give staff one); API calls carry each actor's token.

Targets: every admin change view (events, registrations, feedback, the notification outbox,
partners, agreements, users), the event list and both CSV exports of the admin, the door
check-in page and the check-in API, the staff dashboard and its CSV, and every API endpoint.

Outcomes: OK (200, 201 or 204 as the operation answers), LOGIN (a redirect to a login page),
HIDDEN (the admin says the object does not exist: a redirect to the admin index), FORBIDDEN
(403), NOT_FOUND (404, which the API also answers for things that are someone else's) and
UNAUTHENTICATED (401, the API). Lists and exports also say which rows the actor sees, and
writes whether they took effect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from apps.events.models import Registration
from apps.feedback.models import Feedback
from apps.insights.models import Agreement, Partner
from apps.notifications.models import Notification
from tests.events.factories_admin import EventFactory, RegistrationFactory, make_organizer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS, CITIZEN, ORGANIZER_A, ORGANIZER_B, SUPERUSER = (
    "anonymous", "citizen", "organizer_a", "organizer_b", "superuser")
ACTORS = (ANONYMOUS, CITIZEN, ORGANIZER_A, ORGANIZER_B, SUPERUSER)


@dataclass(frozen=True)
class Expect:
    status: int
    location: str | None = None  # a part of the redirect target
    shows: tuple[str, ...] = ()  # markers (World.markers) the body contains
    hides: tuple[str, ...] = ()  # markers it must not contain
    effect: bool | None = None  # whether the target's write took effect

    def seeing(self, *shows: str, hiding: tuple[str, ...] = ()) -> Expect:
        return Expect(self.status, self.location, shows, hiding, self.effect)

    def writes(self, effect: bool = True) -> Expect:
        return Expect(self.status, self.location, self.shows, self.hides, effect)


OK = Expect(200)
CREATED = Expect(201)
NO_CONTENT = Expect(204)
LOGIN = Expect(302, location="/login/")
HIDDEN = Expect(302, location="/admin/")
FORBIDDEN = Expect(403)
NOT_FOUND = Expect(404)
UNAUTHENTICATED = Expect(401)


@dataclass
class World:
    users: dict[str, Any]
    event_a: Any
    event_b: Any
    registration_a: Any  # the citizen's, at event A
    ticket_a: Any  # someone else's, at event A's door
    ticket_b: Any  # someone else's, at event B's door
    feedback_a: Any  # the citizen's, about event A
    feedback_b: Any  # about event B
    feedback_general: Any  # about no event
    notification: Any
    partner: Any
    agreement: Any
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def markers(self) -> dict[str, str]:
        """Text that shows a row in a page, a list or a CSV."""
        return {
            "event A": self.event_a.title_ko, "event B": self.event_b.title_ko,
            "ticket A": self.ticket_a.ticket_code, "ticket B": self.ticket_b.ticket_code,
            "feedback A": self.feedback_a.body, "feedback B": self.feedback_b.body,
            "feedback general": self.feedback_general.body,
        }


@pytest.fixture
def world() -> World:
    organizer_a, organizer_b = make_organizer(name="Organizer A"), make_organizer(name="Org B")
    citizen = UserFactory(name="Citizen", preferred_language="vi")
    superuser = UserFactory(is_staff=True, is_superuser=True)
    event_a = EventFactory(title_ko="행사 A 강남 테크", organizers=[organizer_a])
    event_b = EventFactory(title_ko="행사 B 그린 서밋", organizers=[organizer_b])

    def feedback(body: str, event) -> Feedback:
        return Feedback.objects.create(user=citizen, event=event, body=body, language="en",
                                       privacy_consent_at=citizen.privacy_consent_at)

    partner = Partner.objects.create(slug="santa-clara", name="Santa Clara", country="US",
                                     kind="sister", since_year=2011)
    users = {ANONYMOUS: None, CITIZEN: citizen, ORGANIZER_A: organizer_a,
             ORGANIZER_B: organizer_b, SUPERUSER: superuser}
    return World(
        users=users,
        event_a=event_a,
        event_b=event_b,
        registration_a=RegistrationFactory(event=event_a, user=citizen),
        ticket_a=RegistrationFactory(event=event_a),
        ticket_b=RegistrationFactory(event=event_b),
        feedback_a=feedback("Feedback about A: great talks", event_a),
        feedback_b=feedback("Feedback about B: too crowded", event_b),
        feedback_general=feedback("General feedback: more events in Vietnamese", None),
        notification=Notification.objects.create(
            kind="registration.confirmed", recipient=citizen, address=citizen.email,
            language="vi", dedupe_key="matrix:1"),
        partner=partner,
        agreement=Agreement.objects.create(partner=partner, title="Tech exchange",
                                           axis="tech", status="signed",
                                           signed_on=date(2025, 5, 1)),
        tokens={actor: Token.objects.create(user=user).key
                for actor, user in users.items() if user is not None},
    )


# --- Targets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    kind: str  # "page" (a signed-in browser session) or "api" (a token)
    request: Callable[[Any, World], Any]
    expect: dict[str, Expect]
    effect: Callable[[World], bool] | None = None


def everyone(expect: Expect) -> dict[str, Expect]:
    return dict.fromkeys(ACTORS, expect)


def admin_change(model: str, obj: Callable[[World], Any]) -> Callable[[Any, World], Any]:
    return lambda client, w: client.get(reverse(f"admin:{model}_change", args=[obj(w).pk]))


def admin_action(changelist: str, action: str, objs: Callable[[World], list]):
    return lambda client, w: client.post(reverse(f"admin:{changelist}_changelist"), {
        "action": action, "_selected_action": [str(o.pk) for o in objs(w)]})


def checked_in(registration: Callable[[World], Registration]) -> Callable[[World], bool]:
    return lambda w: Registration.objects.get(pk=registration(w).pk).status == "attended"


STAFF_PAGE = {ANONYMOUS: LOGIN, CITIZEN: FORBIDDEN, ORGANIZER_A: OK, ORGANIZER_B: OK,
              SUPERUSER: OK}
ADMIN_OF_A = {ANONYMOUS: LOGIN, CITIZEN: LOGIN, ORGANIZER_A: OK, ORGANIZER_B: HIDDEN,
              SUPERUSER: OK}
ADMIN_READ_BY_ORGANIZERS = {ANONYMOUS: LOGIN, CITIZEN: LOGIN, ORGANIZER_A: OK, ORGANIZER_B: OK,
                            SUPERUSER: OK}
ADMIN_SUPERUSER_ONLY = {ANONYMOUS: LOGIN, CITIZEN: LOGIN, ORGANIZER_A: FORBIDDEN,
                        ORGANIZER_B: FORBIDDEN, SUPERUSER: OK}
SIGNED_IN = {ANONYMOUS: UNAUTHENTICATED, CITIZEN: OK, ORGANIZER_A: OK, ORGANIZER_B: OK,
             SUPERUSER: OK}
OWNER_ONLY = {ANONYMOUS: UNAUTHENTICATED, CITIZEN: OK, ORGANIZER_A: NOT_FOUND,
              ORGANIZER_B: NOT_FOUND, SUPERUSER: NOT_FOUND}
STAFF_API = {ANONYMOUS: UNAUTHENTICATED, CITIZEN: FORBIDDEN, ORGANIZER_A: OK, ORGANIZER_B: OK,
             SUPERUSER: OK}

TARGETS = [
    # --- The admin: change views ---------------------------------------------------------
    Target("admin event A", "page", admin_change("events_event", lambda w: w.event_a),
           ADMIN_OF_A),
    Target("admin registration at A", "page",
           admin_change("events_registration", lambda w: w.ticket_a), ADMIN_OF_A),
    Target("admin feedback about A", "page",
           admin_change("feedback_feedback", lambda w: w.feedback_a), ADMIN_OF_A),
    # Feedback about no event is every organizer's to answer.
    Target("admin general feedback", "page",
           admin_change("feedback_feedback", lambda w: w.feedback_general),
           ADMIN_READ_BY_ORGANIZERS),
    # The outbox holds every participant's address: superusers only.
    Target("admin notification", "page",
           admin_change("notifications_notification", lambda w: w.notification),
           ADMIN_SUPERUSER_ONLY),
    Target("admin partner", "page", admin_change("insights_partner", lambda w: w.partner),
           ADMIN_READ_BY_ORGANIZERS),
    Target("admin agreement", "page",
           admin_change("insights_agreement", lambda w: w.agreement), ADMIN_READ_BY_ORGANIZERS),
    Target("admin user", "page", admin_change("accounts_user", lambda w: w.users[CITIZEN]),
           ADMIN_SUPERUSER_ONLY),
    # --- The admin: lists and exports (what each organizer sees) --------------------------
    Target("admin event list", "page",
           lambda client, w: client.get(reverse("admin:events_event_changelist")), {
               ANONYMOUS: LOGIN, CITIZEN: LOGIN,
               ORGANIZER_A: OK.seeing("event A", hiding=("event B",)),
               ORGANIZER_B: OK.seeing("event B", hiding=("event A",)),
               SUPERUSER: OK.seeing("event A", "event B")}),
    Target("admin registrations CSV of A and B", "page",
           admin_action("events_registration", "export_csv",
                        lambda w: [w.ticket_a, w.ticket_b]), {
               ANONYMOUS: LOGIN, CITIZEN: LOGIN,
               ORGANIZER_A: OK.seeing("ticket A", hiding=("ticket B",)),
               ORGANIZER_B: OK.seeing("ticket B", hiding=("ticket A",)),
               SUPERUSER: OK.seeing("ticket A", "ticket B")}),
    Target("admin feedback CSV of A, B and general", "page",
           admin_action("feedback_feedback", "export_csv",
                        lambda w: [w.feedback_a, w.feedback_b, w.feedback_general]), {
               ANONYMOUS: LOGIN, CITIZEN: LOGIN,
               ORGANIZER_A: OK.seeing("feedback A", "feedback general",
                                      hiding=("feedback B",)),
               ORGANIZER_B: OK.seeing("feedback B", "feedback general",
                                      hiding=("feedback A",)),
               SUPERUSER: OK.seeing("feedback A", "feedback B", "feedback general")}),
    # --- The door check-in page -----------------------------------------------------------
    Target("check-in list", "page",
           lambda client, w: client.get(reverse("checkin:index")), {
               **STAFF_PAGE,
               ORGANIZER_A: OK.seeing("event A", hiding=("event B",)),
               ORGANIZER_B: OK.seeing("event B", hiding=("event A",))}),
    Target("check-in page of A", "page",
           lambda client, w: client.get(reverse("checkin:event", args=[w.event_a.slug])),
           {**STAFF_PAGE, ORGANIZER_B: FORBIDDEN}),
    Target("check in a ticket at A's door", "page",
           lambda client, w: client.post(reverse("checkin:event", args=[w.event_a.slug]),
                                         {"ticket_code": w.ticket_a.ticket_code}),
           {ANONYMOUS: LOGIN.writes(False), CITIZEN: FORBIDDEN.writes(False),
            ORGANIZER_A: OK.writes(), ORGANIZER_B: FORBIDDEN.writes(False),
            SUPERUSER: OK.writes()},
           effect=checked_in(lambda w: w.ticket_a)),
    # --- The staff dashboard --------------------------------------------------------------
    Target("dashboard", "page", lambda client, w: client.get(reverse("dashboard:index")),
           STAFF_PAGE),
    # An organizer who asks for another organizer's event gets the figures of all events
    # (the event is not among their choices), never that event's.
    Target("dashboard CSV of event A", "page",
           lambda client, w: client.get(
               reverse("dashboard:chart_csv", args=["participation"]),
               {"event": w.event_a.pk}), {
               **STAFF_PAGE,
               ORGANIZER_A: Expect(200, shows=("csv: event",)),
               ORGANIZER_B: Expect(200, shows=("csv: all",)),
               SUPERUSER: Expect(200, shows=("csv: event",))}),
    # --- The API: events and registrations ------------------------------------------------
    Target("API events", "api", lambda api, w: api.get("/api/v1/events/"), everyone(OK)),
    Target("API event A", "api",
           lambda api, w: api.get(f"/api/v1/events/{w.event_a.slug}/"), everyone(OK)),
    Target("API register for A", "api",
           lambda api, w: api.post(f"/api/v1/events/{w.event_a.slug}/registrations/",
                                   {"privacy_consent": True}, format="json"),
           # The citizen is registered already: the same registration again, with 200.
           {**dict.fromkeys(ACTORS, CREATED), ANONYMOUS: UNAUTHENTICATED, CITIZEN: OK}),
    Target("API my registrations", "api", lambda api, w: api.get("/api/v1/registrations/"),
           {**SIGNED_IN, CITIZEN: OK.seeing("registration A")}),
    Target("API the citizen's registration", "api",
           lambda api, w: api.get(f"/api/v1/registrations/{w.registration_a.pk}/"),
           OWNER_ONLY),
    Target("API cancel the citizen's registration", "api",
           lambda api, w: api.delete(f"/api/v1/registrations/{w.registration_a.pk}/"),
           {**{a: e.writes(False) for a, e in OWNER_ONLY.items()},
            CITIZEN: NO_CONTENT.writes()},
           effect=lambda w: Registration.objects.get(pk=w.registration_a.pk).status
           == "cancelled"),
    # Only the organizers of the ticket's event check it in; for anyone else it does not
    # exist (so codes cannot be probed).
    Target("API check in a ticket of A", "api",
           lambda api, w: api.post("/api/v1/checkins/", {"ticket_code": w.ticket_a.ticket_code},
                                   format="json"),
           {ANONYMOUS: UNAUTHENTICATED.writes(False), CITIZEN: FORBIDDEN.writes(False),
            ORGANIZER_A: OK.writes(), ORGANIZER_B: NOT_FOUND.writes(False),
            SUPERUSER: OK.writes()},
           effect=checked_in(lambda w: w.ticket_a)),
    # --- The API: feedback ---------------------------------------------------------------
    Target("API send feedback", "api",
           lambda api, w: api.post("/api/v1/feedback/", {
               "body": "Xin cảm ơn!", "privacy_consent": True}, format="json"),
           everyone(CREATED)),
    Target("API my feedback", "api", lambda api, w: api.get("/api/v1/feedback/"),
           {**SIGNED_IN, CITIZEN: OK.seeing("feedback A", "feedback B")}),
    Target("API the citizen's feedback", "api",
           lambda api, w: api.get(f"/api/v1/feedback/{w.feedback_a.pk}/"), OWNER_ONLY),
    Target("API public feedback", "api", lambda api, w: api.get("/api/v1/feedback/public/"),
           everyone(OK)),
    # --- The API: account ----------------------------------------------------------------
    Target("API me", "api", lambda api, w: api.get("/api/v1/me/"), SIGNED_IN),
    Target("API token", "api", lambda api, w: api.post("/api/v1/auth/token/"), SIGNED_IN),
    Target("API revoke my token", "api", lambda api, w: api.delete("/api/v1/auth/token/"),
           {**dict.fromkeys(ACTORS, NO_CONTENT), ANONYMOUS: UNAUTHENTICATED}),
    # --- The API: figures ----------------------------------------------------------------
    Target("API insights summary", "api",
           lambda api, w: api.get("/api/v1/insights/summary/"), STAFF_API),
    Target("API insights summary of event A", "api",
           lambda api, w: api.get("/api/v1/insights/summary/", {"event": w.event_a.slug}),
           {**STAFF_API, ORGANIZER_B: NOT_FOUND}),
    Target("API open data", "api", lambda api, w: api.get("/api/v1/open-data/"),
           everyone(OK)),
]


# --- The test -----------------------------------------------------------------------------


def client_for(target: Target, actor: str, world: World) -> Any:
    user = world.users[actor]
    if target.kind == "api":
        api = APIClient()
        if user is not None:
            api.credentials(HTTP_AUTHORIZATION=f"Token {world.tokens[actor]}")
        return api
    client = Client()
    if user is not None:
        client.force_login(user)  # staff: as after the login with their authenticator code
    return client


def body_of(response) -> str:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def markers_in(response, world: World) -> str:
    """The body, plus the scope of a dashboard CSV and the registration of a JSON list, as
    markers."""
    text = body_of(response)
    extra = []
    disposition = response.get("Content-Disposition", "")
    if disposition:
        extra.append("csv: event" if "-event-" in disposition else
                     "csv: all" if "-all-" in disposition else "")
    if response.get("Content-Type", "").startswith("application/json"):
        rows = response.json().get("results", [])
        if any(row.get("id") == world.registration_a.pk for row in rows
               if "ticket_code" in row):
            extra.append("registration A")
    return "\n".join([text, *extra])


def _open_data_figures() -> None:
    """Last quarter's summaries, as the nightly task wrote them the day after it ended: open
    data publishes only quarters that are over (decision 20)."""
    from django.utils import timezone

    from apps.insights.periods import period_containing
    from apps.insights.summaries import summaries_compute

    period = period_containing(timezone.localdate(), kind="quarter").previous()
    summaries_compute(start=period.start, end=period.end)


CASES = [pytest.param(target, actor, id=f"{target.name} | {actor}")
         for target in TARGETS for actor in ACTORS]


@pytest.mark.parametrize(("target", "actor"), CASES)
def test_rule(target: Target, actor: str, world: World):
    expect = target.expect[actor]
    if target.name == "API open data":
        _open_data_figures()
    with translation.override("ko"):
        response = target.request(client_for(target, actor, world), world)

    assert response.status_code == expect.status, (
        f"{target.name} as {actor}: {response.status_code}, expected {expect.status}"
    )
    if expect.location:
        assert expect.location in response["Location"], response["Location"]
    if expect.shows or expect.hides:
        seen = markers_in(response, world)
        markers = {**world.markers, "csv: event": "csv: event", "csv: all": "csv: all",
                   "registration A": "registration A"}
        for key in expect.shows:
            assert markers[key] in seen, f"{target.name} as {actor} should show {key}"
        for key in expect.hides:
            assert markers[key] not in seen, f"{target.name} as {actor} must not show {key}"
    if target.effect is not None:
        assert target.effect(world) is expect.effect, (
            f"{target.name} as {actor}: the write {'did not take' if expect.effect else 'took'}"
            " effect"
        )


def test_every_rule_names_every_actor():
    for target in TARGETS:
        assert set(target.expect) == set(ACTORS), target.name
        if target.effect is not None:
            assert all(e.effect is not None for e in target.expect.values()), target.name


def test_every_admin_model_has_a_change_view_rule():
    """A model added to the admin without a rule here fails this test."""
    from django.contrib import admin

    covered = {"events_event", "events_registration", "feedback_feedback",
               "notifications_notification", "insights_partner", "insights_agreement",
               "accounts_user"}
    # Third-party and inline-only models with their own, superuser-only, admin.
    not_ours = {"django_celery_beat", "auth", "account", "mfa", "authtoken", "sites"}
    registered = {f"{model._meta.app_label}_{model._meta.model_name}"
                  for model in admin.site._registry
                  if model._meta.app_label not in not_ours}
    assert registered <= covered, registered - covered
