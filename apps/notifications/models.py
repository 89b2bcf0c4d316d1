"""The outbox: one row per message to one person, delivered by a Celery task in their language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Notification(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    channel = models.CharField(_("channel"), max_length=20, default="email")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="notifications", verbose_name=_("recipient"),
    )
    # The address at the time of the event; also the only address for people without an
    # account (anonymous feedback authors who left an email).
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    context = models.JSONField(_("context"), default=dict, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.address}"


class NotificationPreference(models.Model):
    """Which optional messages a person receives. Transactional ones (confirmation,
    waiting list, cancellation, event changes) always go out."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    reminders = models.BooleanField(
        _("event reminders"), default=True,
        help_text=_("A reminder shortly before each event you registered for."),
    )
    feedback_updates = models.BooleanField(
        _("feedback updates"), default=True,
        help_text=_("A message when your feedback is received or answered."),
    )
    organizer_digest = models.BooleanField(
        _("daily organizer digest"), default=True,
        help_text=_("For organizers: yesterday's registrations and feedback, every morning."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
