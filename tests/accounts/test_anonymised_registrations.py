"""An anonymised registration (no person) in every place that shows registrations: the admin
list and detail, the CSV export, the door check-in and the messages about its event."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.services import account_delete
from apps.events import services as event_services
from apps.events.exports import registration_rows
from apps.events.models import Registration
from apps.notifications.models import Notification
from apps.notifications.rendering import _registration_context
from tests.events.factories_admin import EventFactory, make_organizer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer():
    return make_organizer()


@pytest.fixture
def anonymised(organizer) -> Registration:
    """An attended registration of an event that ended; its person deleted their account."""
    start = timezone.now() - timedelta(days=3)
    event = EventFactory(organizers=[organizer], starts_at=start,
                         ends_at=start + timedelta(hours=3))
    person = UserFactory(name="Lê Thị Hoa")
    registration = Registration.objects.create(
        event=event, user=person, status=Registration.Status.ATTENDED, language="vi",
        resident_type="foreign_resident", country="VN", privacy_consent_at=start,
        checked_in_at=start + timedelta(minutes=5))
    account_delete(user=person)
    registration.refresh_from_db()
    return registration


def test_admin_list_and_detail_show_anonymised(client, organizer, anonymised):
    client.force_login(organizer)
    response = client.get(reverse("admin:events_registration_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert anonymised.ticket_code in html
    assert "Anonymised" in html
    assert "Lê Thị Hoa" not in html
    detail = client.get(reverse("admin:events_registration_change", args=[anonymised.pk]))
    assert detail.status_code == 200
    assert "Anonymised" in detail.content.decode()


def test_admin_search_by_name_still_works_beside_anonymised_rows(client, organizer,
                                                                 anonymised):
    client.force_login(organizer)
    response = client.get(reverse("admin:events_registration_changelist"), {"q": "someone"})
    assert response.status_code == 200


def test_export_writes_a_row_without_a_person(anonymised):
    with translation.override("en"):
        rows = list(registration_rows(Registration.objects.filter(pk=anonymised.pk)))
    csv.writer(io.StringIO()).writerows(rows)
    header, row = rows
    record = dict(zip(header, row, strict=False))
    assert record["Name"] == "Anonymised"
    assert record["Email"] == ""
    assert record["Ticket code"] == f"ANON{anonymised.pk}"
    assert record["Resident type"] == "Foreign resident"


def test_check_in_page_shows_an_anonymised_ticket_without_failing(client, organizer,
                                                                  anonymised):
    client.force_login(organizer)
    with translation.override("en"):
        url = reverse("checkin:event", kwargs={"slug": anonymised.event.slug})
    response = client.post(url, {"ticket_code": anonymised.ticket_code})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Already checked in" in html
    assert "Anonymised" in html


def test_cancel_action_confirmation_lists_anonymised_rows(client, organizer, anonymised):
    client.force_login(organizer)
    response = client.post(reverse("admin:events_registration_changelist"), {
        "action": "cancel_registrations", "_selected_action": [str(anonymised.pk)]})
    assert response.status_code == 200
    assert f"ANON{anonymised.pk}: Anonymised" in response.content.decode()


def test_messages_about_the_event_skip_anonymised_registrations(anonymised):
    context = _registration_context({"registration_id": anonymised.pk})
    assert context["person_name"] == ""
    # An organizer corrects the (past) event: nobody is left to tell, and nothing fails.
    event_services.event_notify_changed(event=anonymised.event)
    event_services.event_cancel(event=anonymised.event, reason="Records clean-up")
    assert not Notification.objects.filter(context__registration_id=anonymised.pk).exists()


def test_a_person_can_register_again_after_a_deletion(anonymised):
    """The one-active-registration constraint ignores rows without a person."""
    newcomer = UserFactory()
    event = anonymised.event
    Registration.objects.create(event=event, user=None, status="confirmed", language="ko",
                                privacy_consent_at=timezone.now())
    Registration.objects.create(event=event, user=newcomer, status="confirmed", language="ko",
                                privacy_consent_at=timezone.now())
    assert event.registrations.filter(user__isnull=True).count() == 2
