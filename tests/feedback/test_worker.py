"""Analysis on a real Celery worker (queue `analysis`) over real Redis and PostgreSQL, and the
thank-you message through the real mail queue to a real SMTP server."""

from __future__ import annotations

import pytest

from apps.feedback import services
from apps.feedback.models import Feedback
from tests.factories import UserFactory
from tests.utils import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]




def test_the_worker_analyses_new_feedback_and_the_author_is_thanked(celery_worker_process,
                                                                     smtp_sink_server):
    smtp_sink_server.reset()
    author = UserFactory(preferred_language="ja", email="haruto@example.org")
    feedback = services.feedback_submit(
        body="会場のゴミ箱が少なくて、ペットボトルの分別ができませんでした。残念です。",
        user=author, consent=True, ui_language="ja",
    )
    # Analysis happens in the worker process, not here (the publishing side is not eager).
    assert wait_for(lambda: Feedback.objects.get(pk=feedback.pk).analysis_status == "done")
    feedback.refresh_from_db()
    assert (feedback.language, feedback.sentiment, feedback.axis) == ("ja", "negative",
                                                                      "green")
    assert wait_for(lambda: len(smtp_sink_server.messages) == 1, timeout=30)
    message = smtp_sink_server.messages[0]
    assert message["To"] == "haruto@example.org"
    assert message["Content-Language"] == "ja"
