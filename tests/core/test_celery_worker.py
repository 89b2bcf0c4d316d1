"""A real Celery worker, in its own process, consuming every queue over real Redis."""

from __future__ import annotations

import pytest

from apps.core.tasks import ping

pytestmark = pytest.mark.redis


@pytest.mark.parametrize("queue", ["default", "mail", "analysis"])
def test_a_real_worker_executes_tasks_from_each_queue(celery_worker_process, queue):
    result = ping.apply_async(queue=queue)
    answer = result.get(timeout=30)
    assert answer["pong"] is True
    assert answer["queue"] == queue
    assert result.state == "SUCCESS"
