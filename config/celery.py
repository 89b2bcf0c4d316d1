"""The Celery app: `celery -A config worker -Q default,mail,analysis`.

Queues are split so that a slow SMTP server (mail) never delays feedback analysis (analysis)
or summaries (default). With no broker configured, settings make every task run eagerly.
https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

from __future__ import annotations

import os

from celery import Celery
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
