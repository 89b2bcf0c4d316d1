"""The organizer side in the Django admin: one test per permission rule, then the workflows
(capacity, cancellation, registration actions) that must go through the services."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from apps.events import services
from apps.events.models import Event, Registration
from tests.events.factories_admin import (
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    make_organizer,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Pages in English (/en/...), so assertions hold whatever the Korean catalog says."""
    with translation.override("en"):
        yield

LANGS = ("ko", "en", "zh_hans", "ja", "vi")


def event_url(event: Event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def registrations_url() -> str:
    return reverse("admin:events_registration_changelist")


def _split(prefix: str, value) -> dict[str, str]:
    if value is None:
        return {f"{prefix}_0": "", f"{prefix}_1": ""}
    local = timezone.localtime(value)
    return {f"{prefix}_0": local.strftime("%Y-%m-%d"), f"{prefix}_1": local.strftime("%H:%M:%S")}


def event_form_data(event: Event, **overrides) -> dict:
    """What the admin change form posts for `event`, with `overrides` applied."""
    event.refresh_from_db()
    data: dict = {
        "slug": event.slug, "axis": event.axis, "format": event.format,
        "status": event.status, "cancellation_reason": event.cancellation_reason,
        "venue_address": event.venue_address, "map_url": event.map_url,
        "online_url": event.online_url,
        "capacity": "" if event.capacity is None else str(event.capacity),
        "interpretation_languages": list(event.interpretation_languages),
        "organizers": [str(pk) for pk in event.organizers.values_list("pk", flat=True)],
    }
    if event.waitlist_enabled:
        data["waitlist_enabled"] = "on"
    for field in ("title", "summary", "description", "venue_name"):
        for lang in LANGS:
            data[f"{field}_{lang}"] = getattr(event, f"{field}_{lang}") or ""
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        data.update(_split(name, getattr(event, name)))
    for prefix, related in (("agenda_items", event.agenda_items), ("questions", event.questions)):
        count = related.count()
        data.update({f"{prefix}-TOTAL_FORMS": str(count), f"{prefix}-INITIAL_FORMS": str(count),
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
        for index, item in enumerate(related.all()):
            data[f"{prefix}-{index}-id"] = str(item.pk)
            data[f"{prefix}-{index}-event"] = str(event.pk)
            for field in ("label", "help_text", "options") if prefix == "questions" else (
                    "title", "speaker"):
                for lang in LANGS:
                    data[f"{prefix}-{index}-{field}_{lang}"] = getattr(
                        item, f"{field}_{lang}") or ""
            if prefix == "questions":
                data[f"{prefix}-{index}-kind"] = item.kind
                data[f"{prefix}-{index}-order"] = str(item.order)
            else:
                data.update(_split(f"{prefix}-{index}-starts_at", item.starts_at))
                data.update(_split(f"{prefix}-{index}-ends_at", item.ends_at))
                data[f"{prefix}-{index}-order"] = str(item.order)
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def organizer_a():
    return make_organizer(email="a@organizers.example", name="Organizer A")


@pytest.fixture
def organizer_b():
    return make_organizer(email="b@organizers.example", name="Organizer B")


@pytest.fixture
def event_a(organizer_a):
    return EventFactory(title_ko="에이 행사", organizers=[organizer_a])


@pytest.fixture
def event_b(organizer_b):
    return EventFactory(title_ko="비 행사", organizers=[organizer_b])


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


# --- who sees what --------------------------------------------------------------------


def test_organizer_sees_only_their_events(client, organizer_a, event_a, event_b):
    client.force_login(organizer_a)
    response = client.get(reverse("admin:events_event_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [event_a]


def test_organizer_cannot_open_or_change_another_organizers_event(
    client, organizer_a, event_b
):
    client.force_login(organizer_a)
    response = client.get(event_url(event_b))
    # The event is outside the organizer's queryset: Django answers as for a missing object.
    assert response.status_code == 302
    # (The first response after a login carries the user's own language prefix.)
    assert response.url.endswith("/admin/")
    response = client.post(event_url(event_b), event_form_data(event_b, title_ko="바꿈"))
    assert response.status_code == 302
    event_b.refresh_from_db()
    assert event_b.title_ko == "비 행사"


def test_object_permissions_refuse_events_the_organizer_does_not_organize(
    rf, organizer_a, event_a, event_b
):
    from django.contrib.admin.sites import site

    request = rf.get("/")
    request.user = organizer_a
    model_admin = site.get_model_admin(Event)
    assert model_admin.has_view_permission(request, event_a)
    assert model_admin.has_change_permission(request, event_a)
    assert not model_admin.has_view_permission(request, event_b)
    assert not model_admin.has_change_permission(request, event_b)
    assert not model_admin.has_delete_permission(request, event_b)


def test_superuser_sees_every_event_and_registration(client, superuser, event_a, event_b):
    RegistrationFactory(event=event_a)
    RegistrationFactory(event=event_b)
    client.force_login(superuser)
    events = client.get(reverse("admin:events_event_changelist")).context["cl"].result_list
    assert set(events) == {event_a, event_b}
    registrations = client.get(registrations_url()).context["cl"].result_list
    assert {r.event for r in registrations} == {event_a, event_b}
    assert client.get(event_url(event_b)).status_code == 200


def test_citizen_cannot_enter_the_admin(client, event_a):
    citizen = UserFactory()
    client.force_login(citizen)
    for url in (reverse("admin:index"), reverse("admin:events_event_changelist"),
                event_url(event_a), registrations_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response.url


def test_organizers_field_is_read_only_for_organizers(client, organizer_a, organizer_b, event_a):
    client.force_login(organizer_a)
    response = client.get(event_url(event_a))
    assert "organizers" not in response.context["adminform"].form.fields
    response = client.post(
        event_url(event_a),
        event_form_data(event_a, organizers=[str(organizer_a.pk), str(organizer_b.pk)]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(event_a.organizers.all()) == [organizer_a]


def test_superuser_can_choose_organizers(client, superuser, organizer_a, organizer_b, event_a):
    client.force_login(superuser)
    response = client.post(
        event_url(event_a),
        event_form_data(event_a, organizers=[str(organizer_a.pk), str(organizer_b.pk)]),
    )
    assert response.status_code == 302
    assert set(event_a.organizers.all()) == {organizer_a, organizer_b}


def test_an_organizer_who_creates_an_event_organizes_it(client, organizer_a):
    template = EventFactory.build(slug="new-forum", title_ko="새 포럼")
    template.save()
    data = event_form_data(template, slug="brand-new-forum", title_ko="새 포럼 2")
    template.delete()
    client.force_login(organizer_a)
    response = client.get(reverse("admin:events_event_add"))
    assert response.status_code == 200
    assert "organizers" not in response.context["adminform"].form.fields
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="brand-new-forum")
    assert list(event.organizers.all()) == [organizer_a]
    # ...and so can open it again.
    assert client.get(event_url(event)).status_code == 200


# --- capacity and cancellation go through the services --------------------------------


def test_capacity_below_seats_taken_is_refused_and_nothing_changes(client, organizer_a):
    event = EventFactory(capacity=5, organizers=[organizer_a], title_ko="원래 제목")
    RegistrationFactory.create_batch(3, event=event, status=Registration.Status.CONFIRMED)
    RegistrationFactory(event=event, status=Registration.Status.ATTENDED)
    client.force_login(organizer_a)
    response = client.post(event_url(event),
                           event_form_data(event, capacity="3", title_ko="새 제목"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "capacity" in errors
    assert "4" in errors["capacity"][0]
    assert "4" in response.content.decode()
    event.refresh_from_db()
    assert (event.capacity, event.title_ko) == (5, "원래 제목")


def test_raising_the_capacity_promotes_waitlisted_people(client, organizer_a):
    event = EventFactory(capacity=2, organizers=[organizer_a])
    RegistrationFactory.create_batch(2, event=event, status=Registration.Status.CONFIRMED)
    waiting = RegistrationFactory.create_batch(3, event=event,
                                               status=Registration.Status.WAITLISTED)
    client.force_login(organizer_a)
    with mock.patch.object(services, "event_capacity_change",
                           wraps=services.event_capacity_change) as spy:
        response = client.post(event_url(event), event_form_data(event, capacity="4"))
    assert response.status_code == 302
    spy.assert_called_once()
    assert spy.call_args.kwargs["capacity"] == 4
    event.refresh_from_db()
    assert event.capacity == 4
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    assert any("2 people were moved up" in m for m in messages_of(response))


def test_saving_without_a_capacity_change_does_not_call_the_service(client, organizer_a,
                                                                    event_a):
    client.force_login(organizer_a)
    with mock.patch.object(services, "event_capacity_change") as spy:
        response = client.post(event_url(event_a), event_form_data(event_a, title_ko="제목"))
    assert response.status_code == 302
    spy.assert_not_called()


def test_cancelling_an_event_needs_a_reason(client, organizer_a, event_a):
    client.force_login(organizer_a)
    response = client.post(event_url(event_a),
                           event_form_data(event_a, status="cancelled", cancellation_reason=" "))
    assert response.status_code == 200
    assert "cancellation_reason" in response.context["adminform"].form.errors
    event_a.refresh_from_db()
    assert event_a.status == Event.Status.PUBLISHED


def test_cancelling_an_event_goes_through_event_cancel(client, organizer_a, event_a):
    registration = RegistrationFactory(event=event_a)
    client.force_login(organizer_a)
    with mock.patch.object(services, "event_cancel", wraps=services.event_cancel) as spy, \
            mock.patch("apps.events.services.notify") as notify:
        response = client.post(event_url(event_a), event_form_data(
            event_a, status="cancelled", cancellation_reason="태풍으로 취소합니다."))
    assert response.status_code == 302
    spy.assert_called_once()
    assert spy.call_args.kwargs["reason"] == "태풍으로 취소합니다."
    event_a.refresh_from_db()
    assert event_a.status == Event.Status.CANCELLED
    assert event_a.cancellation_reason == "태풍으로 취소합니다."
    assert notify.call_args.kwargs["kind"] == "event.cancelled"
    assert notify.call_args.kwargs["recipient"] == registration.user
    # Once announced, the cancellation is not undone from the form.
    response = client.get(event_url(event_a))
    assert "status" not in response.context["adminform"].form.fields


def test_event_page_shows_seats_interpretation_counts_and_links(client, organizer_a):
    event = EventFactory(capacity=10, organizers=[organizer_a],
                         interpretation_languages=["en", "ja"])
    RegistrationFactory.create_batch(3, event=event, interpretation_language="en")
    RegistrationFactory(event=event, interpretation_language="ja",
                        status=Registration.Status.ATTENDED)
    RegistrationFactory(event=event, interpretation_language="en",
                        status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, interpretation_language="en",
                        status=Registration.Status.CANCELLED)
    client.force_login(organizer_a)
    response = client.get(event_url(event))
    assert response.status_code == 200
    rows = {row["code"]: row["count"] for row in response.context["interpretation_rows"]}
    assert rows == {"en": 4, "ja": 1}
    assert response.context["figures"] == {
        "capacity": 10, "confirmed": 3, "attended": 1, "waitlisted": 1, "cancelled": 1,
        "seats_left": 6,
    }
    html = response.content.decode()
    assert 'id="interpretation-counts"' in html
    assert '<td data-language="en">4</td>' in html
    assert f"{registrations_url()}?event={event.pk}" in html
    assert reverse("checkin:event", kwargs={"slug": event.slug}) in html


# --- registrations --------------------------------------------------------------------


def test_organizer_sees_only_registrations_of_their_events(client, organizer_a, event_a,
                                                           event_b):
    mine = RegistrationFactory(event=event_a)
    theirs = RegistrationFactory(event=event_b)
    client.force_login(organizer_a)
    response = client.get(registrations_url())
    assert list(response.context["cl"].result_list) == [mine]
    response = client.get(reverse("admin:events_registration_change", args=[theirs.pk]))
    assert response.status_code == 302
    response = client.get(reverse("admin:events_registration_change", args=[mine.pk]))
    assert response.status_code == 200
    # Read-only: personal fields and the status are never edited by hand.
    assert not response.context["adminform"].form.fields
    assert mine.ticket_code in response.content.decode()


def test_registration_event_filter_offers_only_the_organizers_events(
    client, organizer_a, event_a, event_b
):
    RegistrationFactory(event=event_a)
    client.force_login(organizer_a)
    response = client.get(registrations_url())
    event_filter = next(
        spec for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "event"
    )
    assert [value for value, _label in event_filter.lookup_choices] == [str(event_a.pk)]


def test_registration_search_and_filters(client, organizer_a, event_a):
    kim = RegistrationFactory(event=event_a, user=UserFactory(name="김민지"),
                              interpretation_language="ja", resident_type="foreign_resident")
    RegistrationFactory(event=event_a, user=UserFactory(name="Lee"))
    client.force_login(organizer_a)
    for query in (f"?q={kim.ticket_code}", "?q=김민지", f"?q={kim.user.email}",
                  "?interpretation_language__exact=ja", "?resident_type=foreign_resident"):
        response = client.get(registrations_url() + query)
        assert list(response.context["cl"].result_list) == [kim], query


def test_registrations_cannot_be_added_or_deleted_in_the_admin(client, organizer_a, superuser,
                                                               event_a):
    registration = RegistrationFactory(event=event_a)
    for user in (organizer_a, superuser):
        client.force_login(user)
        assert client.get(reverse("admin:events_registration_add")).status_code == 403
        response = client.get(
            reverse("admin:events_registration_delete", args=[registration.pk]))
        assert response.status_code == 403


def test_registration_list_query_count_is_constant(client, organizer_a, event_a):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(registrations_url()).status_code == 200
        return len(ctx.captured_queries)

    RegistrationFactory.create_batch(3, event=event_a)
    client.force_login(organizer_a)
    count_queries()  # warm-up: content types and the like are cached after the first request
    few = count_queries()
    RegistrationFactory.create_batch(30, event=event_a)
    assert count_queries() == few


def _action(client, name: str, registrations, **extra):
    data = {"action": name, "_selected_action": [str(r.pk) for r in registrations], **extra}
    return client.post(registrations_url(), data)


def test_mark_attended_action_checks_in_and_reports_failures(client, organizer_a, event_a):
    confirmed = RegistrationFactory(event=event_a, user=UserFactory(name="Confirmed"))
    waiting = RegistrationFactory(event=event_a, status=Registration.Status.WAITLISTED,
                                  user=UserFactory(name="Waiting"))
    client.force_login(organizer_a)
    response = _action(client, "mark_attended", [confirmed, waiting])
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == Registration.Status.ATTENDED
    assert confirmed.checked_in_by == organizer_a
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.WAITLISTED
    notes = messages_of(response)
    assert "1 registration was marked as attended." in notes
    failure = next(m for m in notes if "could not be marked" in m)
    assert waiting.ticket_code in failure
    assert "Waiting" in failure
    assert "not confirmed" in failure


def test_promote_action_fills_free_seats_oldest_first_and_reports_the_rest(
    client, organizer_a
):
    event = EventFactory(capacity=2, organizers=[organizer_a])
    RegistrationFactory(event=event)
    first = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    second = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(organizer_a)
    response = _action(client, "promote", [second, first])
    assert response.status_code == 302
    assert Registration.objects.get(pk=first.pk).status == Registration.Status.CONFIRMED
    assert Registration.objects.get(pk=second.pk).status == Registration.Status.WAITLISTED
    notes = messages_of(response)
    assert "1 registration was promoted from the waiting list." in notes
    failure = next(m for m in notes if "could not be promoted" in m)
    assert second.ticket_code in failure
    assert "no free seat" in failure


def test_cancel_action_asks_for_confirmation_then_cancels_and_promotes(client, organizer_a):
    event = EventFactory(capacity=1, organizers=[organizer_a])
    seat = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(organizer_a)
    response = _action(client, "cancel_registrations", [seat])
    assert response.status_code == 200
    assert "admin/events/registration/cancel_selected_confirmation.html" in [
        t.name for t in response.templates]
    assert Registration.objects.get(pk=seat.pk).status == Registration.Status.CONFIRMED

    with mock.patch.object(services, "registration_cancel",
                           wraps=services.registration_cancel) as spy:
        response = _action(client, "cancel_registrations", [seat], post="yes")
    assert response.status_code == 302
    spy.assert_called_once()
    assert Registration.objects.get(pk=seat.pk).status == Registration.Status.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
    notes = messages_of(response)
    assert "1 registration was cancelled." in notes
    assert any("moved up from the waiting list" in m for m in notes)


def test_actions_ignore_registrations_of_other_organizers(client, organizer_a, event_b):
    theirs = RegistrationFactory(event=event_b)
    client.force_login(organizer_a)
    _action(client, "cancel_registrations", [theirs], post="yes")
    _action(client, "mark_attended", [theirs])
    assert Registration.objects.get(pk=theirs.pk).status == Registration.Status.CONFIRMED


def test_questions_are_edited_inline_on_the_event(client, organizer_a, event_a):
    question = QuestionFactory(event=event_a, label_ko="소속 기관")
    client.force_login(organizer_a)
    response = client.get(event_url(event_a))
    formsets = {f.formset.prefix for f in response.context["inline_admin_formsets"]}
    assert formsets == {"agenda_items", "questions"}
    data = event_form_data(event_a)
    data["questions-0-label_en"] = "Organization"
    response = client.post(event_url(event_a), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.label_en == "Organization"


def test_tabbed_translation_admin_loads_nothing_from_another_host(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/en/admin/events/event/add/").content.decode()
    assert "vendor/jquery-ui/jquery-ui.min.js" in html
    assert "googleapis" not in html and "//ajax." not in html
