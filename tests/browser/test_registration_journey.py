"""A foreign resident on a phone: switches the language, signs up with an emailed code,
registers for a full event and joins the waiting list; someone else cancels; the seat is
theirs and the ticket shows its QR code."""

from __future__ import annotations

import pytest
from django.core import mail

from apps.events.models import Registration
from apps.notifications.models import Notification

from .conftest import PHONE
from .pages import full_event, start_language, switch_language, tick
from .support import click, emailed_code, html_lang, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["vi", "ko"])
def test_waitlisted_then_promoted_then_ticket_with_qr(open_context, live_server, lang):
    base = live_server.url
    event, holder = full_event()
    page = open_context(PHONE).new_page()

    # Arrives in another language and switches with the header's language menu.
    page.goto(f"{base}/{start_language(lang)}/")
    switch_language(page, lang)
    assert html_lang(page) == lang

    # Signs up: no password, an emailed code instead.
    email = f"minh.{lang}@example.org"
    click(page.locator(f'main a[href="/{lang}/accounts/signup/"]'))
    page.wait_for_url(f"**/{lang}/accounts/signup/")
    assert page.locator("#id_preferred_language").input_value() == lang
    page.locator("#id_email").fill(email)
    page.locator("#id_resident_type").select_option("foreign_resident")
    page.locator("#id_country").select_option("VN")
    tick(page, "id_privacy_consent")
    click(page.locator("main form button[type=submit]"))
    page.wait_for_url("**/accounts/confirm-email/**")
    assert html_lang(page) == lang
    page.locator("input[name=code]").fill(emailed_code(email))
    click(page.locator("main form button[type=submit]").first)
    page.wait_for_url(f"{base}/{lang}/**")
    assert page.locator("#krds-header .portal-signed-in").count() == 1

    # Finds the event through the phone menu and joins the waiting list.
    click(page.locator("#krds-header .btn-navi.all"))
    click(page.locator(f'#mobile-nav a.gnb-sub-trigger[href="/{lang}/events/"]'))
    page.wait_for_url(f"**/{lang}/events/")
    click(page.locator(f'main a[href="/{lang}/events/{event.slug}/"]').first)
    page.wait_for_url(f"**/{lang}/events/{event.slug}/")
    click(page.locator(".events-register-btn"))
    page.wait_for_url(f"**/{lang}/events/{event.slug}/register/")
    tick(page, "id_privacy_consent")
    click(page.locator("form.events-register-form button[type=submit]"))
    page.wait_for_url(f"**/{lang}/events/my/*/")
    registration = Registration.objects.get(event=event, user__email=email)
    assert registration.status == Registration.Status.WAITLISTED
    assert registration.language == lang
    assert page.locator(".events-ticket .events-qr-wrap").count() == 0
    assert page.locator(".portal-messages [role=status]").count() == 1

    # Someone else gives their seat up, on their own phone.
    other = open_context(PHONE)
    log_in(other, holder, base_url=base)
    other_page = other.new_page()
    other_page.goto(f"{base}/ko/events/my/{holder.registrations.get().pk}/cancel/")
    click(other_page.locator("main form button[type=submit]"))
    other_page.wait_for_url("**/ko/events/my/")

    # The seat passes to the waiting list, and the message is in the resident's language.
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    promoted = Notification.objects.get(
        dedupe_key=f"registration:{registration.pk}:registration.promoted")
    assert (promoted.language, promoted.status) == (lang, Notification.Status.SENT)
    assert email in mail.outbox[-1].to

    # "My registrations", then the ticket with its QR code.
    page.goto(f"{base}/{lang}/events/my/")
    click(page.locator(f'main a[href="/{lang}/events/my/{registration.pk}/"]').first)
    page.wait_for_url(f"**/{lang}/events/my/{registration.pk}/")
    qr = page.locator(".events-qr-wrap svg, .events-qr-wrap img").first
    qr.wait_for(state="visible")
    box = qr.bounding_box()
    assert box and box["width"] >= 120, box  # big enough to scan from a phone screen
    code = page.locator(".events-ticket-code").inner_text().replace("-", "").strip()
    assert code == registration.ticket_code
    assert html_lang(page) == lang

