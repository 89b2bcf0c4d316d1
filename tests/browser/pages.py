"""The data and the page steps the journeys share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from apps.events.models import Event, Registration
from tests.factories import EventFactory, UserFactory

from .support import click

KPOP_SLUG = "kpop-world-city-week"


def full_event(**kwargs: Any) -> tuple[Event, Any]:
    """K-POP World City Week with its only seat taken and a waiting list open; returns the
    event and the person holding the seat."""
    event = EventFactory(**{
        "slug": KPOP_SLUG,
        "axis": "culture",
        "title_ko": "K-POP 월드 시티 위크",
        "title_en": "K-POP World City Week",
        "title_vi": "Tuần lễ Thành phố Thế giới K-POP",
        "title_ja": "K-POPワールドシティウィーク",
        "title_zh_hans": "K-POP世界城市周",
        "venue_name_ko": "코엑스 K-POP 광장",
        "venue_name_en": "COEX K-POP Plaza",
        "starts_at": timezone.now() + timedelta(days=20),
        "capacity": 1,
        "waitlist_enabled": True,
        **kwargs,
    })
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


def tick(page: Any, field_id: str) -> None:
    """Ticks a KRDS checkbox as a person does: the styled label is what they see and tap."""
    click(page.locator(f'label[for="{field_id}"]'))
    assert page.locator(f"#{field_id}").is_checked()


# --- the accessibility tour -------------------------------------------------------------

KOREAN_ONLY_TITLE = "강남 국제교류 간담회"
KOREAN_ONLY_QUESTION = "참가 형태"


@dataclass
class World:
    """Every kind of page content, for the accessibility tour of tests/browser/
    test_accessibility.py: a fully translated event and one with Korean text only (shown in a
    fallback language elsewhere), a citizen with a ticket and answered feedback, an
    organizer."""

    translated: Event
    korean_only: Event
    korean_only_open: Event  # the citizen has not registered yet; it has a question
    citizen: Any
    organizer: Any
    registration: Registration
    feedback: Any


def accessibility_world() -> World:
    from apps.events.models import RegistrationQuestion
    from apps.feedback.models import Feedback, Reply
    from tests.events.factories_admin import make_organizer
    from tests.factories import RegistrationQuestionFactory
    from tests.feedback.factories import FeedbackFactory

    organizer = make_organizer(email="organizer@gangnam.example")
    translated, _holder = full_event(
        summary_ko="전 세계 K-POP 팬과 주민이 함께하는 도시 축제",
        summary_en="A city festival for K-POP fans from around the world and residents",
    )
    translated.organizers.add(organizer)
    korean_only = EventFactory(
        slug="international-exchange-meeting", axis="inclusion", title_en="",
        title_ko=KOREAN_ONLY_TITLE, summary_ko="외국인 주민과 함께하는 정책 간담회",
        venue_name_ko="강남구청 대회의실", capacity=40, interpretation_languages=["en", "zh-hans"],
    )
    korean_only.organizers.add(organizer)
    korean_only_open = EventFactory(
        slug="multicultural-forum", axis="inclusion", title_en="", title_ko=KOREAN_ONLY_TITLE,
        venue_name_ko="강남구청 대회의실", capacity=40, interpretation_languages=["en"],
    )
    RegistrationQuestionFactory(event=korean_only_open, kind=RegistrationQuestion.Kind.CHOICE,
                                label_ko=KOREAN_ONLY_QUESTION, label_en="",
                                options_ko="발표\n청중", required=True)
    citizen = UserFactory(email="citizen@example.org", name="Nguyen Van An",
                          preferred_language="vi", resident_type="foreign_resident",
                          country="VN")
    registration = Registration.objects.create(
        event=korean_only, user=citizen, status=Registration.Status.CONFIRMED, language="vi",
        resident_type="foreign_resident", privacy_consent_at=timezone.now(),
        interpretation_language="en", accessibility_needs="Wheelchair-accessible seat",
    )
    feedback = FeedbackFactory(user=citizen, event=korean_only, public=True,
                               approved_at=timezone.now(), status=Feedback.Status.ANSWERED,
                               body="Buổi gặp mặt rất hữu ích. Cảm ơn ban tổ chức!",
                               language="vi", ui_language="vi")
    Reply.objects.create(feedback=feedback, author=organizer,
                         body="참여해 주셔서 감사합니다. 다음 간담회에서 뵙겠습니다.")
    FeedbackFactory(public=True, approved_at=timezone.now(), event=None)
    return World(translated=translated, korean_only=korean_only,
                 korean_only_open=korean_only_open, citizen=citizen,
                 organizer=organizer, registration=registration, feedback=feedback)
