"""Feedback on phones: anonymous in Japanese, logged in (by an emailed code) in Chinese; an
organizer answers both in the admin; each author gets the answer, the logged-in one under
"My feedback"."""

from __future__ import annotations

import pytest
from django.core import mail

from apps.feedback.models import Feedback
from apps.notifications.models import Notification
from tests.events.factories_admin import EventFactory, make_organizer
from tests.factories import UserFactory

from .conftest import PHONE
from .pages import tick
from .support import click, emailed_code, html_lang, staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAPANESE = "多言語の案内がとても分かりやすかったです。次回は駐車場の情報もお願いします。"
CHINESE = "活动很精彩，翻译服务也很好。希望下次能提供更多座位。"
ANSWERS = {"ja": "ご意見ありがとうございます。次回は駐車場の案内を追加します。",
           "zh-hans": "感谢您的反馈，我们会增加座位。"}


@pytest.mark.parametrize("admin_lang", ["ko", "en"])
def test_feedback_answered_in_the_admin_reaches_its_authors(open_context, live_server,
                                                            admin_lang):
    base = live_server.url
    organizer = make_organizer(email="organizer@gangnam.example",
                               preferred_language=admin_lang)
    event = EventFactory(slug="multilingual-governance-day", axis="inclusion",
                         title="다국어 거버넌스의 날", title_zh_hans="多语言治理日",
                         organizers=[organizer])

    # Anonymous, in Japanese, general feedback with an address for the answer.
    anonymous = open_context(PHONE).new_page()
    anonymous.goto(f"{base}/ja/feedback/")
    assert html_lang(anonymous) == "ja"
    anonymous.locator("#id_body").fill(JAPANESE)
    anonymous.locator("#id_email").fill("hana@example.jp")
    tick(anonymous, "id_privacy_consent")
    click(anonymous.locator("form.portal-form button[type=submit]").last)
    anonymous.wait_for_url("**/ja/feedback/thanks/")
    japanese = Feedback.objects.get(body=JAPANESE)
    assert (japanese.user, japanese.event, japanese.ui_language) == (None, None, "ja")

    # Logged in with an emailed code, in Chinese, about the event (from the event's page).
    author = UserFactory(email="wei@example.cn", preferred_language="zh-hans")
    page = open_context(PHONE).new_page()
    page.goto(f"{base}/zh-hans/accounts/login/code/")
    page.locator("input[name=email]").fill(author.email)
    click(page.locator("main form button[type=submit]").first)
    page.wait_for_url("**/accounts/login/code/confirm/**")
    page.locator("input[name=code]").fill(emailed_code(author.email))
    click(page.locator("main form button[type=submit]").first)
    page.wait_for_url(f"{base}/zh-hans/**")
    page.goto(f"{base}/zh-hans/events/{event.slug}/")
    click(page.locator(".events-feedback-link a").first)
    page.wait_for_url("**/zh-hans/feedback/?event=*")
    assert page.locator("#id_event").input_value() == str(event.pk)
    assert page.locator("#id_email").count() == 0  # the account's address gets the answer
    page.locator("#id_body").fill(CHINESE)
    tick(page, "id_privacy_consent")
    click(page.locator("form.portal-form button[type=submit]").last)
    page.wait_for_url("**/zh-hans/feedback/mine/*/")
    chinese = Feedback.objects.get(body=CHINESE)
    assert (chinese.user, chinese.event) == (author, event)

    # The organizer answers both on the feedback's change page.
    admin = open_context().new_page()
    changelist = f"{base}/{admin_lang}/admin/feedback/feedback/"
    staff_login(admin, organizer, url=changelist)
    for feedback, lang in ((japanese, "ja"), (chinese, "zh-hans")):
        admin.goto(changelist)
        click(admin.locator(f'#result_list a[href$="/feedback/feedback/{feedback.pk}/change/"]'))
        admin.wait_for_url(f"**/feedback/feedback/{feedback.pk}/change/")
        assert admin.locator(".feedback-original").inner_text().strip() == feedback.body
        admin.locator("#id_replies-0-body").fill(ANSWERS[lang])
        click(admin.locator('[name="_save"]'))
        admin.wait_for_url("**/admin/feedback/feedback/")
        assert admin.locator(".messagelist .success").count() >= 1
        feedback.refresh_from_db()
        assert feedback.status == Feedback.Status.ANSWERED

    # The anonymous author is told by email, in Japanese.
    told = Notification.objects.get(kind="feedback.answered", address="hana@example.jp")
    assert (told.language, told.status) == ("ja", Notification.Status.SENT)
    assert "hana@example.jp" in mail.outbox[-2].to

    # The logged-in author sees the answer under "My feedback".
    page.goto(f"{base}/zh-hans/")
    click(page.locator("#krds-header .btn-navi.all"))
    click(page.locator('#mobile-nav a[href="#mobile-nav-account"]'))
    click(page.locator('#mobile-nav a.gnb-sub-trigger[href="/zh-hans/feedback/mine/"]'))
    page.wait_for_url("**/zh-hans/feedback/mine/")
    item = page.locator(".feedback-item", has_text=CHINESE)
    assert item.locator(".feedback-reply-body").inner_text().strip() == ANSWERS["zh-hans"]
    assert html_lang(page) == "zh-hans"
