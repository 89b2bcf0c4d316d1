"""Feedback in any language, and the organizers' replies to it (DESIGN.md section 4).

The body is stored exactly as written and never altered: analysis, moderation and machine
translation only add fields beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel
from apps.events.models import Axis, Event

BODY_MIN_LENGTH = 5
BODY_MAX_LENGTH = 4000


class FeedbackAxis(models.TextChoices):
    """The four diplomacy axes, plus "other" for feedback about none of them."""

    TECH = Axis.TECH.value, Axis.TECH.label
    CULTURE = Axis.CULTURE.value, Axis.CULTURE.label
    GREEN = Axis.GREEN.value, Axis.GREEN.label
    INCLUSION = Axis.INCLUSION.value, Axis.INCLUSION.label
    OTHER = "other", _("Other topics")


class FeedbackQuerySet(models.QuerySet):
    def visible_to_organizer(self, user) -> FeedbackQuerySet:
        """An organizer sees feedback about their events and general feedback (no event);
        a superuser sees all."""
        if user.is_superuser:
            return self
        return self.filter(Q(event__isnull=True) | Q(event__organizers=user)).distinct()

    def public(self) -> FeedbackQuerySet:
        """Shown on the public pages: the author allowed it and a moderator approved it."""
        return self.filter(public=True, approved_at__isnull=False).exclude(
            status=Feedback.Status.HIDDEN
        )


class Feedback(TimeStampedModel):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_REVIEW = "in_review", _("In review")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        HIDDEN = "hidden", _("Hidden (spam)")

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    class Analysis(models.TextChoices):
        PENDING = "pending", _("Waiting for analysis")
        DONE = "done", _("Analysed")
        FAILED = "failed", _("Analysis failed (will be retried)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="feedback",
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="feedback",
    )
    body = models.TextField(_("feedback"), max_length=BODY_MAX_LENGTH)
    # For an answer to someone without an account; an account's own address is used otherwise.
    email = models.EmailField(_("email for an answer"), blank=True)
    # The page's language when the feedback was written: messages to an anonymous author go
    # out in it. A logged-in author's preferred language wins.
    ui_language = models.CharField(_("page language"), max_length=10)
    public = models.BooleanField(_("may be shown publicly"), default=False)
    approved_at = models.DateTimeField(_("approved for the public page at"), null=True,
                                       blank=True)
    privacy_consent_at = models.DateTimeField(_("privacy consent given at"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.RECEIVED, db_index=True)

    # Analysis (apps/feedback/analysis). `language` may be corrected by the author, and then
    # re-analysis leaves it alone.
    language = models.CharField(_("language of the text"), max_length=10, blank=True,
                                db_index=True)
    language_set_by_author = models.BooleanField(_("language set by the author"),
                                                 default=False)
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices,
                                 blank=True, db_index=True)
    sentiment_score = models.FloatField(_("sentiment score"), null=True, blank=True)
    axis = models.CharField(_("topic"), max_length=20, choices=FeedbackAxis.choices,
                            blank=True, db_index=True)
    analysis_status = models.CharField(_("analysis"), max_length=10, choices=Analysis.choices,
                                       default=Analysis.PENDING, db_index=True)
    analysis_attempts = models.PositiveSmallIntegerField(_("analysis attempts"), default=0)
    analysis_error = models.TextField(_("analysis error"), blank=True)
    analyzed_at = models.DateTimeField(_("analysed at"), null=True, blank=True)
    model_version = models.CharField(_("model version"), max_length=40, blank=True)

    # Set by the first reply: the reply rate and the time to reply are read from it.
    answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sentiment_score__isnull=True)
                | Q(sentiment_score__gte=-1, sentiment_score__lte=1),
                name="feedback_sentiment_score_range",
            ),
        ]
        indexes = [models.Index(fields=["event", "created_at"])]

    def __str__(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 60 else text[:59] + "…"

    @property
    def reply_address(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def reply_language(self) -> str:
        return self.user.preferred_language if self.user_id else self.ui_language


class Reply(TimeStampedModel):
    feedback = models.ForeignKey(Feedback, verbose_name=_("feedback"),
                                 on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                               on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("reply"), max_length=BODY_MAX_LENGTH)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(_("Reply to feedback #%(id)s")) % {"id": self.feedback_id}
