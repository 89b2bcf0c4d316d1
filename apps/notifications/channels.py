"""Delivery channels. Email today; SMS or a messaging app later implement the same interface,
so callers of `notify()` never change.

A channel raises TransientDeliveryError for what may work on a later try (a server down, a
4xx SMTP answer, a timeout) and PermanentDeliveryError for what never will (an address the
server refuses with 5xx).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from typing import Protocol

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


class EmailChannel:
    name = "email"

    def send(self, message: OutgoingMessage) -> None:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Content-Language": message.language, **message.headers},
            connection=get_connection(fail_silently=False),
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        for filename, content, mimetype in message.attachments:
            email.attach(filename, content, mimetype)
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _msg in exc.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentDeliveryError(str(exc)) from exc
            raise TransientDeliveryError(str(exc)) from exc
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600:
                raise PermanentDeliveryError(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
            raise TransientDeliveryError(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransientDeliveryError(f"{type(exc).__name__}: {exc}") from exc


CHANNELS: dict[str, Channel] = {"email": EmailChannel()}


def get_channel(name: str) -> Channel:
    return CHANNELS[name]
