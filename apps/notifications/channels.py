"""Delivery channels. Email today; SMS or a messaging app later implement the same interface,
so callers of `notify()` never change.

A channel raises TransientDeliveryError for what may work on a later try (a server down, a
4xx SMTP answer, a timeout) and PermanentDeliveryError for what never will (an address the
server refuses with 5xx).
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection


class TransientDeliveryError(Exception):
    pass


class PermanentDeliveryError(Exception):
    pass


@dataclass
class OutgoingMessage:
    to: str
    subject: str
    text: str
    html: str = ""
    language: str = "ko"
    # (filename, content, mimetype)
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


class Channel(Protocol):
    name: str

    def send(self, message: OutgoingMessage) -> None: ...


class _Session:
    """One SMTP session, private to a process and thread (see EmailChannel)."""

    def __init__(self, *, key: tuple, connection: Any) -> None:
        self.key = key
        self.pid = os.getpid()
        self.connection = connection
        self.opened_at = self.used_at = time.monotonic()
        self.sent = 0


class EmailChannel:
    """Sends through Django's email backend, keeping one SMTP session open per worker process.

    A new session per message (connect, EHLO, maybe STARTTLS and AUTH, QUIT) costs more than
    the message itself, so the session is opened on first use and reused. It is dropped after
    any error (the next message opens a new one), after `EMAIL_SESSION_MAX_MESSAGES` messages
    or `EMAIL_SESSION_MAX_AGE` seconds (relays limit both), and checked with NOOP after
    `EMAIL_SESSION_NOOP_AFTER` idle seconds, since servers close idle sessions on their side.
    A change of the email settings (tests switch them) opens a new session.
    """

    name = "email"

    def __init__(self) -> None:
        # Per thread: a session must never carry two conversations at once.
        self._local = threading.local()

    def send(self, message: OutgoingMessage) -> None:
        try:
            connection = self._connection()
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransientDeliveryError(f"{type(exc).__name__}: {exc}") from exc
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Content-Language": message.language, **message.headers},
            connection=connection,
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        for filename, content, mimetype in message.attachments:
            email.attach(filename, content, mimetype)
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            self._drop(polite=True)
            codes = [code for code, _msg in exc.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentDeliveryError(str(exc)) from exc
            raise TransientDeliveryError(str(exc)) from exc
        except smtplib.SMTPResponseException as exc:
            self._drop(polite=True)
            if 500 <= exc.smtp_code < 600:
                raise PermanentDeliveryError(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
            raise TransientDeliveryError(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            self._drop(polite=False)
            raise TransientDeliveryError(f"{type(exc).__name__}: {exc}") from exc
        except BaseException:
            # Anything else (a time limit, a bug) may have stopped the session mid-command.
            self._drop(polite=False)
            raise
        session = self._local.session
        session.sent += 1
        session.used_at = time.monotonic()

    def _connection(self) -> Any:
        session: _Session | None = getattr(self._local, "session", None)
        key = _settings_key()
        now = time.monotonic()
        if session is not None and session.pid != os.getpid():
            # Inherited through fork: the socket is the parent's; forget it without a QUIT.
            session = self._local.session = None
        if session is not None and (
            session.key != key
            or session.sent >= settings.EMAIL_SESSION_MAX_MESSAGES
            or now - session.opened_at >= settings.EMAIL_SESSION_MAX_AGE
        ):
            self._drop(polite=True)
            session = None
        elif (session is not None
              and now - session.used_at >= settings.EMAIL_SESSION_NOOP_AFTER
              and not _answers_noop(session.connection)):
            self._drop(polite=False)
            session = None
        if session is None:
            connection = get_connection(fail_silently=False)
            try:
                # Opened here, so that send_messages() leaves it open after the message.
                connection.open()
            except BaseException:
                with contextlib.suppress(Exception):
                    connection.close()  # a session half opened (STARTTLS or AUTH failed)
                raise
            session = self._local.session = _Session(key=key, connection=connection)
        return session.connection

    def close(self) -> None:
        """Ends this thread's session, if any, with a QUIT."""
        self._drop(polite=True)

    def _drop(self, *, polite: bool) -> None:
        """Forgets the session. `polite` sends QUIT (the server answered, the session works);
        otherwise the socket is just closed, since a QUIT could wait out the whole timeout."""
        session: _Session | None = getattr(self._local, "session", None)
        self._local.session = None
        if session is None or session.pid != os.getpid():
            return
        backend = session.connection
        smtp = getattr(backend, "connection", None)
        with contextlib.suppress(Exception):
            if polite or not isinstance(smtp, smtplib.SMTP):
                backend.close()
            else:
                smtp.close()
                backend.connection = None


def _settings_key() -> tuple:
    return tuple(getattr(settings, name, None) for name in (
        "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT",
    ))


def _answers_noop(connection: Any) -> bool:
    smtp = getattr(connection, "connection", None)
    if not isinstance(smtp, smtplib.SMTP):
        return True  # not an SMTP backend (locmem, console): nothing to check
    try:
        return smtp.noop()[0] == 250
    except (smtplib.SMTPException, OSError):
        return False


CHANNELS: dict[str, Channel] = {"email": EmailChannel()}


def get_channel(name: str) -> Channel:
    return CHANNELS[name]


def close_all() -> None:
    """Ends the channels' open sessions: at worker process shutdown."""
    for channel in CHANNELS.values():
        close = getattr(channel, "close", None)
        if close is not None:
            close()
