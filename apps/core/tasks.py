"""Operational tasks of the core app."""

from __future__ import annotations

import socket

from celery import shared_task


@shared_task(name="core.ping", bind=True, ignore_result=False)
def ping(self) -> dict:
    """Answers from whichever worker took it: proves a queue is consumed end to end.

    It reads and writes nothing, so running it any number of times is harmless.
    """
    delivery = self.request.delivery_info or {}
    return {
        "pong": True,
        "hostname": socket.gethostname(),
        "queue": delivery.get("routing_key"),
    }
