"""The data and the page steps the journeys share."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from apps.events.models import Event, Registration
from tests.factories import EventFactory, UserFactory

KPOP_SLUG = "kpop-world-city-week"


def full_event(**kwargs: Any) -> tuple[Event, Any]:
    """K-POP World City Week with its only seat taken and a waiting list open; returns the
    event and the person holding the seat."""
    event = EventFactory(
        slug=KPOP_SLUG,
        axis="culture",
        title_ko="K-POP 월드 시티 위크",
        title_en="K-POP World City Week",
        title_vi="Tuần lễ Thành phố Thế giới K-POP",
        title_ja="K-POPワールドシティウィーク",
        title_zh_hans="K-POP世界城市周",
        venue_name_ko="코엑스 K-POP 광장",
        starts_at=timezone.now() + timedelta(days=20),
        capacity=1,
        waitlist_enabled=True,
        **kwargs,
    )
    holder = UserFactory(preferred_language="ko")
    Registration.objects.create(event=event, user=holder, status=Registration.Status.CONFIRMED,
                                language="ko", resident_type="citizen",
                                privacy_consent_at=timezone.now())
    return event, holder


def start_language(target: str) -> str:
    """A language to arrive in before switching to `target`."""
    return "en" if target == "ko" else "ko"


def switch_language(page: Any, lang: str) -> None:
    """Opens the header's language menu and picks `lang` (a POST to set_language)."""
    click(page.locator("#krds-header .krds-language .drop-btn"))
    click(page.locator(f'#krds-header .krds-language button[name="language"][value="{lang}"]'))
    page.wait_for_url(f"**/{lang}/**")


def click(locator: Any) -> None:
    """Scrolls to the element, then clicks it.

    KRDS fixes the header once the page is scrolled, and the content moves up by the header's
    height at that moment: a click that scrolls and presses in one go can press down on the
    element and let go on whatever moved under the pointer. A person scrolls first and taps
    after; so does this.
    """
    locator.scroll_into_view_if_needed()
    locator.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => done()))")
    locator.click()


def tick(page: Any, field_id: str) -> None:
    """Ticks a KRDS checkbox as a person does: the styled label is what they see and tap."""
    click(page.locator(f'label[for="{field_id}"]'))
    assert page.locator(f"#{field_id}").is_checked()
