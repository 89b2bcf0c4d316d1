from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LANGS = [code for code, _ in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGS)
def test_home_page_is_served_in_each_language(client, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    with translation.override(language):
        assert str(settings.PORTAL_NAME) in html


def test_home_page_says_what_the_portal_is_in_five_different_languages(client):
    names = set()
    for language in LANGS:
        with translation.override(language):
            names.add(str(settings.PORTAL_NAME))
    # An untranslated catalog would give the English name five times.
    assert len(names) == len(LANGS)


def test_root_redirects_to_the_browser_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"


def test_language_switch_keeps_the_current_page(client):
    response = client.post(
        reverse("set_language"), {"language": "ja", "next": "/ko/privacy/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ja/privacy/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ja"


def test_language_switch_refuses_get(client):
    assert client.get(reverse("set_language"), {"language": "ja"}).status_code == 405


def test_language_switch_remembers_a_logged_in_users_preference(client):
    user = UserFactory(preferred_language="ko")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "vi", "next": "/ko/"},
                           follow=True)
    user.refresh_from_db()
    assert user.preferred_language == "vi"
    # Said on the next page, in the new language: emails now arrive in it too.
    assert ("Từ nay, thông báo sẽ được gửi cho bạn bằng Tiếng Việt."
            in response.content.decode())
    again = client.post(reverse("set_language"), {"language": "vi", "next": "/vi/"},
                        follow=True)
    assert "Từ nay" not in again.content.decode()  # nothing changed, nothing said


def test_language_switch_ignores_unknown_languages(client):
    user = UserFactory(preferred_language="ko")
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/ko/"})
    user.refresh_from_db()
    assert user.preferred_language == "ko"


def test_preferred_language_is_applied_on_login(client):
    UserFactory(email="mai@example.org", preferred_language="vi")
    response = client.post("/ko/accounts/login/code/", {"email": "mai@example.org"})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9-]{6,12})\s*$", mail.outbox[0].body, re.MULTILINE).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    # The next page is Vietnamese.
    page = client.get(response["Location"])
    assert '<html lang="vi"' in page.content.decode()


@pytest.mark.parametrize("language", LANGS)
def test_static_pages_exist_in_each_language(client, language):
    for name in ("core:privacy", "core:accessibility"):
        with translation.override(language):
            url = reverse(name)
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}"' in response.content.decode()


def test_language_switch_works_from_a_page_in_another_language(client):
    # The browser prefers Korean but the person is reading the English page.
    response = client.post(
        reverse("set_language"),
        {"language": "vi", "next": "/en/privacy/"},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response["Location"] == "/vi/privacy/"


def test_signup_form_names_countries_in_the_page_language(client):
    english = client.get("/en/accounts/signup/").content.decode()
    korean = client.get("/ko/accounts/signup/").content.decode()
    assert ">Viet Nam<" in english or ">Vietnam<" in english
    assert ">베트남<" in korean
    # Languages are named in themselves whatever the page language, with composed letters
    # (Django's own name_local for Vietnamese uses combining accents).
    vietnamese = "Ti\u1ebfng Vi\u1ec7t"
    assert get_language_info("vi")["name_local"] != vietnamese
    assert f">{vietnamese}<" in english and f">{vietnamese}<" in korean


def test_korean_times_put_the_meridiem_first():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import formats

    moment = dt.datetime(2027, 3, 25, 9, 30, tzinfo=ZoneInfo("Asia/Seoul"))
    with translation.override("ko"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "2027년 3월 25일 오전 9:30"


def test_home_page_cards_lead_to_the_events_and_mark_korean_fallbacks(client):
    from tests.factories import EventFactory

    EventFactory(slug="green-summit", title_ko="그린 서밋", title_vi="Hội nghị Xanh")
    EventFactory(slug="only-korean", title_ko="다국어 거버넌스의 날", title_vi="",
                 title_en="")
    html = client.get("/vi/").content.decode()
    assert '<a href="/vi/events/green-summit/">Hội nghị Xanh</a>' in html
    assert re.search(r'<h3 class="portal-card-title" lang="ko"><a href="/vi/events/only-korean/">'
                     r"다국어 거버넌스의 날</a>", html), html
    assert '<a href="/vi/events/" class="krds-btn secondary">' in html
