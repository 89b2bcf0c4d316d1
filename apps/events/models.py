"""Diplomacy events, their programme, their questions and the registrations for them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from apps.core.models import TimeStampedModel


class Axis(models.TextChoices):
    """The district's four diplomacy axes (DESIGN.md §1)."""

    TECH = "tech", _("AI & tech diplomacy")
    CULTURE = "culture", _("K-culture & creative exchange")
    GREEN = "green", _("ESG & green partnership")
    INCLUSION = "inclusion", _("Data governance & inclusive administration")


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now())

    def organized_by(self, user) -> EventQuerySet:
        if user.is_superuser:
            return self
        return self.filter(organizers=user)


class Event(TimeStampedModel):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    axis = models.CharField(_("diplomacy axis"), max_length=20, choices=Axis.choices)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    # Translated through modeltranslation (translation.py); only Korean is required.
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for unlimited seats.")
    )
    waitlist_enabled = models.BooleanField(_("waiting list enabled"), default=True)
    # Registrations holding a seat (confirmed + attended) and waiting for one. Written only
    # by the database: triggers on events_registration keep them equal to the counts
    # whatever writes the rows (migrations 0005, 0006), and `save()` below never writes them
    # back. Registering decides the seat, and the place in the queue, on these columns in
    # one statement (services.registration_create).
    seats_held = models.PositiveIntegerField(_("seats held"), default=0, editable=False)
    waitlist_length = models.PositiveIntegerField(_("waiting list length"), default=0,
                                                  editable=False)
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes at"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True)
    reminder_hours_before = models.PositiveSmallIntegerField(
        _("reminder (hours before the start)"), null=True, blank=True, default=48,
        validators=[MaxValueValidator(24 * 30)],
        help_text=_("Registrants get one reminder this many hours before the event. "
                    "Leave empty to send none."),
    )
    # Language codes from settings.LANGUAGES for which interpretation is offered.
    interpretation_languages = models.JSONField(
        _("interpretation languages"), default=list, blank=True
    )
    organizers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organizers"), related_name="organized_events",
        blank=True,
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    COUNTERS = ("seats_held", "waitlist_length")

    def save(self, **kwargs) -> None:
        # An event loaded before registrations came in holds stale counters: a plain save
        # (the admin's) would write them back and undo the triggers' counts.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get(
            "force_insert"
        ):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.attname for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.COUNTERS
                and field.attname not in deferred
            ]
        super().save(**kwargs)

    def is_open_for_registration(self, *, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED or now >= self.ends_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event", "order", "starts_at"]

    def __str__(self) -> str:
        return self.title


class RegistrationQuestion(models.Model):
    """A question an event asks on its registration form (translated label, help and options)."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        BOOLEAN = "boolean", _("Yes / no")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    options = models.TextField(
        _("options"), blank=True, help_text=_("For choice questions: one option per line.")
    )
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    def option_list(self) -> list[str]:
        """Options in the active language (modeltranslation picks the column)."""
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def canonical_options(self) -> list[str]:
        """Options in Korean, the source language: answers are stored in these, so an export
        reads the same whichever language each person registered in."""
        source = getattr(self, "options_ko", None) or self.options
        return [line.strip() for line in source.splitlines() if line.strip()]


# Shown where an anonymised registration's person would be.
ANONYMISED = _("Anonymised")


def new_ticket_code() -> str:
    """12 characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 60 bits,
    unguessable, and easy to read out or type at the door."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.WAITLISTED)

    def holding_seats(self) -> RegistrationQuerySet:
        return self.filter(status__in=Registration.SEAT_STATUSES)


class Registration(TimeStampedModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        # A registration is cancelled by its person; an event is called off: two words in
        # several languages (ja: キャンセル vs 中止), so the two labels have their own context.
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        ATTENDED = "attended", _("Attended")

    SEAT_STATUSES = (Status.CONFIRMED, Status.ATTENDED)

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    # Empty once the registration is anonymised (the person deleted their account, or the
    # retention period ran out: apps/accounts/anonymisation.py). The row stays, so every figure
    # about the event stays right.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    language = models.CharField(
        _("language for messages"), max_length=10, choices=settings.LANGUAGES
    )
    # Snapshots: figures about who took part must not change when a profile changes later.
    resident_type = models.CharField(_("resident type"), max_length=20, blank=True)
    country = CountryField(_("country"), blank=True)
    interpretation_language = models.CharField(
        _("interpretation wanted"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    privacy_consent_at = models.DateTimeField(_("privacy consent given at"))
    ticket_code = models.CharField(
        _("ticket code"), max_length=16, unique=True, default=new_ticket_code, editable=False
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("checked in by"),
    )
    promoted_at = models.DateTimeField(_("promoted from the waiting list at"), null=True,
                                       blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True,
                                         db_index=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_user_and_event",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.event} / {self.person_label}"

    @property
    def person_label(self) -> str:
        """Who registered, for organizers' lists; a fixed word once anonymised."""
        if self.user_id is None:
            return str(ANONYMISED)
        return self.user.name or self.user.email

    @property
    def person_email(self) -> str:
        return self.user.email if self.user_id else ""

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED
