"""Third-party strings as the portal shows them: vendor_locale/ (docs/decisions.md, decision 6).

Django falls back to LANGUAGE_CODE ("ko") for a message that a language's catalog lacks, so
a string missing from Django's Vietnamese admin catalog showed in Korean on Vietnamese pages
("아래 오류들을 수정하기 바랍니다.", "개수 표시", "테마 토글…"). vendor_locale/ fills those in,
corrects wrong country names of django-countries and allauth's Chinese "Email"; these tests
read the pages and messages that showed the faults.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import allauth
import django
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from django_countries import countries

from tests.factories import UserFactory

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
LANGUAGES_WITH_KOREAN_FALLBACK = ["vi", "zh-hans", "ja"]  # en has no fallback
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


# --- pages -------------------------------------------------------------------------------


class _TextOutsideKorean(HTMLParser):
    """Text and attribute values (aria-label, title…) of a page, leaving out elements marked
    lang="ko": Korean content is meant to be Korean, and says so."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._korean: list[str] = []  # open elements, from the outermost lang="ko" one

    @staticmethod
    def _is_korean(attrs) -> bool:
        return (dict(attrs).get("lang") or "").lower().startswith("ko")

    def handle_starttag(self, tag, attrs):
        if self._korean or self._is_korean(attrs):
            if tag not in VOID:
                self._korean.append(tag)
            return
        self.parts.extend(value for _, value in attrs if value)

    def handle_startendtag(self, tag, attrs):
        if not self._korean and not self._is_korean(attrs):
            self.parts.extend(value for _, value in attrs if value)

    def handle_endtag(self, tag):
        if tag in self._korean:
            while self._korean.pop() != tag:
                pass

    def handle_data(self, data):
        if not self._korean:
            self.parts.append(data)


def korean_outside_lang_ko(html: str) -> list[str]:
    """The texts of the page that contain Hangul, outside elements marked lang="ko"."""
    # The JavaScript catalog writes non-ASCII letters as \uXXXX escapes.
    html = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)
    parser = _TextOutsideKorean()
    parser.feed(html)
    parser.close()
    return sorted({" ".join(part.split())[:100] for part in parser.parts if HANGUL.search(part)})


def admin_url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


def superuser_client(client, lang: str):
    # Staff from the factories have an authenticator app, and force_login marks the session
    # as two-factor (tests/conftest.py). Their own language: no redirect after the login.
    client.force_login(UserFactory(is_staff=True, is_superuser=True, preferred_language=lang))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES_WITH_KOREAN_FALLBACK)
def test_the_admin_form_with_errors_shows_no_korean(client, lang):
    response = superuser_client(client, lang).post(admin_url("admin:events_event_add", lang), {})
    assert response.status_code == 200  # the form again, with its errors
    html = response.content.decode()
    assert 'class="errornote"' in html
    assert korean_outside_lang_ko(html) == []
    if lang == "vi":
        assert "Vui lòng sửa lỗi bên dưới." in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES_WITH_KOREAN_FALLBACK)
@pytest.mark.parametrize("name", ["admin:events_event_changelist",
                                  "admin:insights_partner_changelist"])
def test_admin_lists_with_filters_show_no_korean(client, lang, name):
    response = superuser_client(client, lang).get(admin_url(name, lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="changelist-filter"' in html
    assert korean_outside_lang_ko(html) == []
    if lang == "vi":
        assert "Hiện số lượng" in html  # "Show counts"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["vi", "zh-hans"])  # Django's Japanese one is complete
def test_the_admins_javascript_catalog_has_no_korean(client, lang):
    response = superuser_client(client, lang).get(admin_url("admin:jsi18n", lang))
    assert response.status_code == 200
    assert korean_outside_lang_ko(response.content.decode()) == []


def test_vietnamese_admin_history_is_not_a_memo():
    with translation.override("vi"):
        assert translation.gettext("History") == "Lịch sử"  # Django: "Bản ghi nhớ"


# --- every message that Korean has, the other languages have ---------------------------


def _korean_catalogs(domain: str) -> list[Path]:
    """Third-party catalogs that translate into Korean. Not ours (tests/core/
    test_translations.py), nor django-countries': for a missing name it looks up the
    country's older names, not the fallback language."""
    dirs = [Path(django.__file__).parent / "conf" / "locale"]
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()
             if not app.name.startswith("apps.") and app.name != "django_countries"]
    found = []
    for locale_dir in dirs:
        for lang in ("ko", "ko_KR"):  # gettext finds ko_KR (DRF's) for "ko"
            path = locale_dir / lang / "LC_MESSAGES" / f"{domain}.mo"
            if path.exists():
                found.append(path)
                break
    return found


def _shown_in_korean(domain: str, lang: str) -> list[str]:
    catalog = trans_real.DjangoTranslation(lang, domain=domain)
    korean = []
    for path in _korean_catalogs(domain):
        with path.open("rb") as handle:
            messages = [m for m in read_mo(handle) if m.id]
        for m in messages:
            if isinstance(m.id, (list, tuple)):  # a plural
                shown = [catalog.npgettext(m.context, *m.id, n) if m.context
                         else catalog.ngettext(*m.id, n) for n in (1, 2)]
            else:
                shown = [catalog.pgettext(m.context, m.id) if m.context
                         else catalog.gettext(m.id)]
            if any(HANGUL.search(text) for text in shown):
                korean.append(f"{path.parts[-5]}: {m.id!r}")
    return korean


@pytest.mark.parametrize(("lang", "domain"), [
    ("vi", "django"), ("vi", "djangojs"), ("zh-hans", "django"), ("zh-hans", "djangojs"),
    ("ja", "django"),  # ja's djangojs (Django's admin) is complete
])
def test_no_third_party_message_falls_back_to_korean(lang, domain):
    korean = _shown_in_korean(domain, lang)
    assert not korean, f"{len(korean)} shown in Korean, e.g. {korean[:8]}"


# --- django-countries -------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "code", "name"), [
    ("vi", "IS", "Iceland"),  # django-countries: "Ai-len", the name of Ireland
    ("vi", "JE", "Jersey"),   # "Áo", Austria
    ("vi", "NE", "Niger"),    # "Nigeria"
    ("zh-hans", "WS", "萨摩亚"),  # "美属萨摩亚群岛", American Samoa
])
def test_country_names(lang, code, name):
    with translation.override(lang):
        assert countries.name(code) == name


@pytest.mark.parametrize("lang", ["vi", "zh-hans"])
def test_no_two_countries_share_a_name(lang):
    with translation.override(lang):
        names = [str(name) for _code, name in countries]
    assert sorted({name for name in names if names.count(name) > 1}) == []


# --- allauth's Chinese "Email" -----------------------------------------------------------

PLACEHOLDERS = re.compile(r"%\(\w+\)s|\{\w*\}|\w+\(ENTER\)|\w+\(回车\)")  # and scope examples


def _english_email(text: str) -> bool:
    return bool(re.search(r"e-?mail", PLACEHOLDERS.sub("", text), re.IGNORECASE))


def test_allauth_chinese_says_dianzi_youxiang_not_email():
    """Every message that allauth's own Chinese catalog writes with "Email" (about 25)."""
    path = Path(allauth.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        messages = [m for m in read_po(handle) if m.id and isinstance(m.id, str)
                    and _english_email(m.string)]
    assert len(messages) > 20
    with translation.override("zh-hans"):
        shown = {m.id: translation.pgettext(m.context, m.id) if m.context
                 else translation.gettext(m.id) for m in messages}
        assert {msgid: text for msgid, text in shown.items() if _english_email(text)} == {}
        # the email page (account/email.html) and the greeting of allauth's mails
        assert translation.gettext("Add Email") == "添加电子邮箱"
        assert translation.gettext("Email Addresses") == "电子邮箱地址"
        greeting = translation.gettext("Hello from %(site_name)s!")
        assert greeting % {"site_name": "Gangnam Global"} == "您好！这是来自Gangnam Global的邮件。"
