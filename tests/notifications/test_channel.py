"""The email channel keeps one SMTP session per process, replaces it when it fails or ages,
and classifies errors as before; the worker's database connections outlive a task."""

from __future__ import annotations

import socket

import pytest

from apps.notifications.channels import (
    EmailChannel,
    OutgoingMessage,
    PermanentDeliveryError,
    TransientDeliveryError,
)


@pytest.fixture
def sessions(smtp_sink, monkeypatch):
    """The client port of the SMTP session that carried each message, in order."""
    peers: list[int] = []
    handle = type(smtp_sink).handle_DATA

    async def recording(server, session, envelope):
        answer = await handle(smtp_sink, server, session, envelope)
        if answer.startswith("250"):
            peers.append(session.peer[1])
        return answer

    # aiosmtpd looks the hook up on the handler for each new session.
    monkeypatch.setattr(smtp_sink, "handle_DATA", recording, raising=False)
    return peers


def message(n: int = 0) -> OutgoingMessage:
    return OutgoingMessage(to=f"person{n}@example.org", subject=f"제목 {n}", text="본문",
                           html="<p>본문</p>", language="ko")


def test_one_session_carries_many_messages(sessions):
    channel = EmailChannel()
    for n in range(5):
        channel.send(message(n))
    assert len(sessions) == 5
    assert len(set(sessions)) == 1
    channel.close()


def test_an_error_drops_the_session_and_the_next_message_opens_a_new_one(smtp_sink, sessions):
    channel = EmailChannel()
    channel.send(message(1))
    smtp_sink.fail_next = 1
    with pytest.raises(TransientDeliveryError, match="451"):
        channel.send(message(2))
    channel.send(message(2))
    assert len(set(sessions)) == 2
    channel.close()


def test_a_session_closed_while_idle_is_replaced(settings, sessions):
    settings.EMAIL_SESSION_NOOP_AFTER = 0  # check before every message
    channel = EmailChannel()
    channel.send(message(1))
    # The server (or a NAT in between) dropped the idle session.
    channel._local.session.connection.connection.sock.shutdown(socket.SHUT_RDWR)
    channel.send(message(2))
    assert len(sessions) == 2
    assert len(set(sessions)) == 2
    channel.close()


def test_a_session_is_renewed_after_its_message_limit(settings, sessions):
    settings.EMAIL_SESSION_MAX_MESSAGES = 2
    channel = EmailChannel()
    for n in range(5):
        channel.send(message(n))
    assert [sessions.count(peer) for peer in dict.fromkeys(sessions)] == [2, 2, 1]
    channel.close()


def test_other_email_settings_open_another_session(settings, smtp_sink):
    from django.core import mail

    channel = EmailChannel()
    channel.send(message(1))  # through the SMTP sink (the fixture's settings)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    channel.send(message(2))
    assert len(smtp_sink.messages) == 1
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]


def test_errors_are_classified_transient_or_permanent(smtp_sink, settings):
    channel = EmailChannel()
    smtp_sink.refuse = True
    with pytest.raises(PermanentDeliveryError, match="550"):
        channel.send(message())
    smtp_sink.refuse = False
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]  # nobody listens there
    with pytest.raises(TransientDeliveryError, match="ConnectionRefusedError"):
        channel.send(message())


def test_close_ends_the_session(sessions):
    channel = EmailChannel()
    channel.send(message())
    smtp = channel._local.session.connection.connection
    channel.close()
    assert smtp.sock is None
    assert getattr(channel._local, "session", None) is None
    channel.close()  # closing twice is harmless


# --- Database connections around worker tasks (config/celery.py) ----------------------------

class _Task:
    def __init__(self, *, eager: bool) -> None:
        self.request = type("Request", (), {"is_eager": eager})()


# PostgreSQL: Django never really closes SQLite's in-memory test database.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_failed_task_closes_the_database_connection_a_successful_one_keeps_it():
    from django.db import connection

    from config.celery import _db_connections_after_task, _db_connections_before_task

    connection.ensure_connection()
    connection.close_at = None  # as with CONN_MAX_AGE=None: persistent
    _db_connections_before_task(sender=_Task(eager=False))
    _db_connections_after_task(sender=_Task(eager=False), state="SUCCESS")
    assert connection.connection is not None
    _db_connections_after_task(sender=_Task(eager=True), state="FAILURE")
    assert connection.connection is not None  # eager: the caller's connection, not ours
    _db_connections_after_task(sender=_Task(eager=False), state="FAILURE")
    assert connection.connection is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_connections_older_than_conn_max_age_are_closed_before_a_task():
    import time

    from django.db import connection

    from config.celery import _db_connections_before_task

    connection.ensure_connection()
    connection.close_at = time.monotonic() - 1  # CONN_MAX_AGE has passed
    _db_connections_before_task(sender=_Task(eager=False))
    assert connection.connection is None
