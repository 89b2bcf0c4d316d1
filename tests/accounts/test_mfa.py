"""Staff must use two-factor authentication (allauth MFA, TOTP) to enter the staff areas.

These tests go through allauth's real pages: login by emailed code, Django's admin login form,
the authenticator activation, the login step that asks for the code, the re-authentication
page. Codes are computed with allauth's own TOTP helpers. Nothing here relies on the
`force_login` shortcut of tests/conftest.py marking a session as two-factor: a session is
only marked when the account already has an app, and the accounts below that are logged in
with it have none yet, or log in some other way.
"""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.authtoken.models import Token

from apps.accounts.mfa import session_passed_mfa
from tests.events.factories_admin import EventFactory, make_organizer
from tests.factories import UserFactory, add_totp, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/factories.py
LOGIN_CODE = re.compile(r"^\s*([A-Z0-9-]{6,12})\s*$", re.MULTILINE)
ENGLISH_MESSAGE = (
    "Staff accounts must use two-factor authentication. Set up an authenticator app to continue."
)


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def staff_pages(staff, lang: str = "en") -> list[str]:
    event = EventFactory(organizers=[staff])
    return [
        url("admin:index", lang),
        url("admin:events_event_changelist", lang),
        url("dashboard:index", lang),
        url("checkin:index", lang),
        url("checkin:event", lang, slug=event.slug),
    ]


def an_organizer(**kwargs):
    # English speakers: the first response after a login is sent on in the person's own
    # language (apps/accounts/middleware.py), and these tests read /en/ addresses.
    return make_organizer(**{"preferred_language": "en", **kwargs})


def superuser(**kwargs):
    return UserFactory(is_staff=True, is_superuser=True, preferred_language="en", **kwargs)


def code_for_secret(secret: str) -> str:
    """What an authenticator app set up with `secret` shows now (allauth's HOTP helpers)."""
    period = settings.MFA_TOTP_PERIOD
    if period - time.time() % period < 1.5:  # not in the last moment of a step
        time.sleep(period - time.time() % period + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def log_in_by_emailed_code(client: Client, user, lang: str = "en"):
    """allauth's passwordless login up to the step after the emailed code."""
    mail.outbox.clear()
    response = client.post(url("account_login", lang), {"login": user.email})
    assert response.status_code == 302, response.content.decode()[:500]
    code = LOGIN_CODE.search(mail.outbox[-1].body).group(1)
    return client.post(response["Location"], {"code": code})


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- without an authenticator app: sent to set one up --------------------------------------


@pytest.mark.parametrize("make_staff", [an_organizer, superuser], ids=["organizer", "superuser"])
def test_staff_without_an_app_are_sent_to_set_one_up(client, make_staff):
    staff = make_staff(totp=False)
    client.force_login(staff)
    for page in staff_pages(staff):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == url("mfa_activate_totp"), page
    # Posting is refused the same way (nothing reaches the view).
    response = client.post(url("checkin:index"), {"ticket_code": "X"})
    assert response["Location"] == url("mfa_activate_totp")


def test_the_redirect_explains_why(client):
    client.force_login(an_organizer(totp=False))
    response = client.get(url("admin:index"), follow=True)
    # allauth asks for the password again before an app is added (re-authentication).
    assert response.redirect_chain[0][0] == url("mfa_activate_totp")
    assert ENGLISH_MESSAGE in messages_on(response)


@pytest.mark.parametrize("lang", ["ko", "vi"])
def test_the_message_is_translated(client, lang):
    client.force_login(an_organizer(totp=False, preferred_language=lang))
    response = client.get(url("dashboard:index", lang), follow=True)
    shown = messages_on(response)
    assert len(shown) == 1
    assert shown[0] != ENGLISH_MESSAGE
    with translation.override(lang):
        assert shown[0] == translation.gettext(ENGLISH_MESSAGE)
    script = {"ko": r"[\uac00-\ud7a3]", "vi": r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]"}
    assert re.search(script[lang], shown[0]), shown[0]


def test_logging_out_stays_possible_without_an_app(client):
    client.force_login(an_organizer(totp=False))
    response = client.post(url("admin:logout"))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- activation with a computed code --------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # allauth reports the activation once committed
def test_activation_with_a_computed_code_opens_the_staff_areas():
    organizer = an_organizer(totp=False)
    client = Client()
    # Django's admin login form: a password only, which never opens the admin by itself.
    response = client.post(url("admin:login"), {"username": organizer.email,
                                                 "password": PASSWORD, "next": "/en/admin/"})
    assert response["Location"] == "/en/admin/"
    response = client.get("/en/admin/")
    assert response["Location"] == url("mfa_activate_totp")

    # allauth re-checks the password before a second factor can be added.
    response = client.get(response["Location"])
    assert response["Location"].startswith(url("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == url("mfa_activate_totp")

    page = client.get(url("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html  # the QR code
    assert "QR code to scan with your authenticator app" in html
    assert f'value="{secret}" readonly' in html  # the secret, for typing in by hand

    # A wrong code is refused and nothing is activated.
    wrong = format_hotp_value((int(code_for_secret(secret)) + 1) % 10**6)
    refused = client.post(url("mfa_activate_totp"), {"code": wrong})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"]
    assert not Authenticator.objects.filter(user=organizer).exists()

    response = client.post(url("mfa_activate_totp"), {"code": code_for_secret(secret)})
    assert response["Location"] == url("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=organizer, type="totp").exists()
    codes = client.get(response["Location"])
    assert len(codes.context["unused_codes"]) == 10

    # Typing a code from the app was the second factor: no second prompt.
    for page_url in staff_pages(organizer):
        assert client.get(page_url).status_code == 200, page_url


# --- login asks for the code ---------------------------------------------------------------


def test_login_by_emailed_code_then_asks_for_the_app_code(client):
    organizer = an_organizer()
    response = log_in_by_emailed_code(client, organizer)
    assert response["Location"] == url("mfa_authenticate")
    # Not logged in yet: the admin sends to its login.
    assert "_auth_user_id" not in client.session
    assert client.get("/en/admin/")["Location"].startswith(url("admin:login"))

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Two-Factor Authentication" in page.content.decode()

    wrong = format_hotp_value((int(totp_code(organizer)) + 1) % 10**6)
    refused = client.post(url("mfa_authenticate"), {"code": wrong})
    assert refused.status_code == 200
    assert "Incorrect code." in refused.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(url("mfa_authenticate"), {"code": totp_code(organizer)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(organizer.pk)
    for page_url in staff_pages(organizer):
        assert client.get(page_url).status_code == 200, page_url


def test_a_used_code_is_not_accepted_twice(client):
    organizer = an_organizer()
    period = settings.MFA_TOTP_PERIOD
    if period - time.time() % period < 8:  # both logins within one step
        time.sleep(period - time.time() % period + 0.05)
    code = totp_code(organizer)
    log_in_by_emailed_code(client, organizer)
    assert client.post(url("mfa_authenticate"), {"code": code}).status_code == 302

    other = Client()
    log_in_by_emailed_code(other, organizer)
    assert totp_code(organizer) == code  # still the app's current code
    replay = other.post(url("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200
    assert "_auth_user_id" not in other.session


def test_a_recovery_code_replaces_the_phone(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    organizer = an_organizer()
    recovery = RecoveryCodes.activate(organizer)
    log_in_by_emailed_code(client, organizer)
    response = client.post(url("mfa_authenticate"), {"code": recovery.get_unused_codes()[0]})
    assert response.status_code == 302
    assert client.get("/en/admin/").status_code == 200


def test_a_password_login_must_still_give_the_code(client):
    """Django's admin login form checks the password only: the code is asked before the
    first admin page, and the admin comes back after it."""
    organizer = an_organizer()
    response = client.post(url("admin:login"), {"username": organizer.email,
                                                "password": PASSWORD, "next": "/en/admin/"})
    assert response["Location"] == "/en/admin/"
    for page_url in staff_pages(organizer):
        response = client.get(page_url)
        assert response.status_code == 302
        assert response["Location"].startswith(url("mfa_reauthenticate") + "?next=")

    response = client.get("/en/dashboard/?period=2026", follow=True)
    assert response.redirect_chain[-1][0] == url("mfa_reauthenticate") + (
        "?next=%2Fen%2Fdashboard%2F%3Fperiod%3D2026"
    )
    assert any("authenticator app" in message for message in messages_on(response))

    wrong = format_hotp_value((int(totp_code(organizer)) + 1) % 10**6)
    refused = client.post(response.redirect_chain[-1][0], {"code": wrong})
    assert refused.status_code == 200
    assert client.get("/en/admin/").status_code == 302

    response = client.post(response.redirect_chain[-1][0], {"code": totp_code(organizer)})
    assert response["Location"] == "/en/dashboard/?period=2026"
    assert client.get("/en/admin/").status_code == 200


def test_a_session_opened_before_the_app_existed_must_give_the_code(client):
    organizer = an_organizer(totp=False)
    client.force_login(organizer)
    add_totp(organizer)  # e.g. set up from another browser
    response = client.get("/en/admin/")
    assert response["Location"].startswith(url("mfa_reauthenticate"))
    client.post(response["Location"], {"code": totp_code(organizer)})
    assert client.get("/en/admin/").status_code == 200


def test_deactivating_the_app_locks_the_staff_areas_again(client):
    organizer = an_organizer()
    log_in_by_emailed_code(client, organizer)
    client.post(url("mfa_authenticate"), {"code": totp_code(organizer)})
    assert client.get("/en/admin/").status_code == 200
    Authenticator.objects.filter(user=organizer).delete()
    assert client.get("/en/admin/")["Location"] == url("mfa_activate_totp")


# --- citizens are never asked --------------------------------------------------------------


def test_citizens_are_never_asked(client):
    citizen = UserFactory()
    response = log_in_by_emailed_code(client, citizen)
    assert response.status_code == 302
    assert response["Location"] != url("mfa_authenticate")
    assert client.session["_auth_user_id"] == str(citizen.pk)
    for name in ("core:home", "events:list", "events:my_registrations", "feedback:new",
                 "accounts:profile"):
        assert client.get(url(name)).status_code == 200, name
    # Staff areas answer as before, with no detour to two-factor pages.
    assert client.get("/en/admin/")["Location"].startswith(url("admin:login"))
    assert client.get(url("dashboard:index")).status_code == 403
    assert client.get("/api/v1/me/").status_code == 200


# --- the API --------------------------------------------------------------------------------


def test_api_refuses_a_staff_session_without_two_factor():
    organizer = an_organizer()
    client = Client()
    client.post(url("admin:login"), {"username": organizer.email, "password": PASSWORD,
                                     "next": "/en/admin/"})
    response = client.get("/api/v1/insights/summary/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"
    assert client.post("/api/v1/auth/token/").status_code == 403  # no token either

    # After the code, the same session may use the API.
    client.post(url("mfa_reauthenticate"), {"code": totp_code(organizer)})
    assert client.get("/api/v1/insights/summary/").status_code == 200


def test_api_tokens_are_left_to_drf():
    organizer = an_organizer(totp=False)
    token = Token.objects.create(user=organizer)
    client = Client()
    response = client.get("/api/v1/insights/summary/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    # A bogus token does not fall back to a session.
    client.force_login(organizer)
    response = client.get("/api/v1/insights/summary/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401


# --- the pages, in every language -----------------------------------------------------------


MFA_TEXT = {  # from allauth's catalogs, and ours for Vietnamese (vendor_locale/vi)
    "ko": "인증 앱 활성화",
    "en": "Activate Authenticator App",
    "zh-hans": "激活身份验证器应用",
    "ja": "認証アプリを有効化する",
    "vi": "Kích hoạt ứng dụng xác thực",
}


@pytest.mark.django_db(transaction=True)  # allauth reports the activation once committed
@pytest.mark.parametrize("lang", list(MFA_TEXT))
def test_the_two_factor_pages_work_in_every_language(lang):
    person = UserFactory(password=None)  # passwordless, as most residents: no re-authentication
    client = Client()
    client.force_login(person)
    page = client.get(url("mfa_activate_totp", lang))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<html lang="{lang}">' in html
    assert MFA_TEXT[lang] in html
    secret = page.context["form"].secret
    response = client.post(url("mfa_activate_totp", lang), {"code": code_for_secret(secret)})
    assert response.status_code == 302
    for name in ("mfa_view_recovery_codes", "mfa_index", "mfa_deactivate_totp"):
        assert client.get(url(name, lang)).status_code == 200, name
    client.logout()
    response = log_in_by_emailed_code(client, person, lang)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()


def test_the_session_check_reads_allauths_records(rf):
    """The rule this middleware relies on, against allauth's own recorder."""
    from allauth.account.internal.flows.login import record_authentication
    from django.contrib.sessions.backends.db import SessionStore

    organizer = an_organizer()
    request = rf.get("/")
    request.session = SessionStore()
    record_authentication(request, organizer, "code", email=organizer.email)
    assert not session_passed_mfa(request, organizer)
    record_authentication(request, organizer, "mfa", id=1, type="totp")
    assert session_passed_mfa(request, organizer)
    assert not session_passed_mfa(request, an_organizer())  # another account


def test_vietnamese_covers_every_two_factor_string_of_allauth():
    """allauth has no Vietnamese: vendor_locale/vi must translate each string its MFA pages,
    forms and messages use (checked against allauth's own English catalog, so an allauth
    upgrade that adds one fails here)."""
    from pathlib import Path

    import allauth
    from babel.messages.pofile import read_po

    def entries(path: Path) -> dict:
        with path.open("rb") as handle:
            return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(handle)
                    if m.id}

    english = entries(Path(allauth.__file__).parent / "locale/en/LC_MESSAGES/django.po")
    vietnamese = entries(settings.BASE_DIR / "vendor_locale/vi/LC_MESSAGES/django.po")
    used = [msgid for msgid, message in english.items()
            if any("mfa/" in path and "webauthn" not in path for path, _line in message.locations)]
    assert len(used) > 40
    missing = [msgid for msgid in used
               if msgid not in vietnamese or not all(
                   vietnamese[msgid].string if isinstance(vietnamese[msgid].string, tuple)
                   else (vietnamese[msgid].string,))]
    assert not missing, missing


@pytest.mark.django_db
def test_allauths_korean_and_chinese_leftovers_are_corrected(client):
    """vendor_locale/ko and zh_Hans replace allauth strings that kept English words or said
    something else (decision 6); the Korean activation page shows the corrected text."""
    from django.utils import translation

    with translation.override("ko"):
        assert translation.gettext("Authenticator secret") == "인증 앱 비밀 키"
        assert translation.ngettext(
            "There is %(unused_count)s out of %(total_count)s recovery codes available.",
            "There are %(unused_count)s out of %(total_count)s recovery codes available.", 10,
        ) % {"unused_count": 9, "total_count": 10} == "복구 코드 10개 중 9개를 사용할 수 있습니다."
    with translation.override("zh-hans"):
        assert "电子邮件地址" in translation.gettext(
            "You cannot activate two-factor authentication until you have verified your "
            "email address.")
    client.force_login(UserFactory(password=None))
    page = client.get(url("mfa_activate_totp", "ko")).content.decode()
    assert "인증 앱 비밀 키" in page
    text = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1])  # what people read
    assert "secret" not in text.lower()
