"""The Celery app: `celery -A config worker -Q default,mail,analysis`.

Queues are split so that a slow SMTP server (mail) never delays feedback analysis (analysis)
or summaries (default). With no broker configured, settings make every task run eagerly.
https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery, signals, states
from kombu import Exchange, Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")

QUEUES = ("default", "mail", "analysis")
app.conf.task_queues = tuple(Queue(name, Exchange(name), routing_key=name) for name in QUEUES)
app.conf.task_default_queue = "default"
app.conf.task_default_exchange = "default"
app.conf.task_default_routing_key = "default"
# Routing by task name: mail never waits behind analysis or summaries.
app.conf.task_routes = {
    "notifications.*": {"queue": "mail"},
    "feedback.*": {"queue": "analysis"},
}

app.autodiscover_tasks()


# With CELERY_DB_REUSE_MAX set (settings), Celery's Django fixup keeps connections open across
# tasks; these give them the lifecycle Django gives requests. Before each task: close those
# older than CONN_MAX_AGE or broken, and health-check the rest on first use
# (CONN_HEALTH_CHECKS). After a task that did not succeed: close outright, because Django
# cannot always tell that a query interrupted by a time limit left its connection unusable
# (https://github.com/celery/celery/pull/9824). Eager tasks run inside the caller's
# connection and transaction, which is not ours to close.
@signals.task_prerun.connect
def _db_connections_before_task(sender: Any = None, **kwargs: Any) -> None:
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()


@signals.task_postrun.connect
def _db_connections_after_task(sender: Any = None, state: str | None = None,
                               **kwargs: Any) -> None:
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections, connections

    if state == states.SUCCESS:
        close_old_connections()
        return
    for connection in connections.all(initialized_only=True):
        connection.close()
