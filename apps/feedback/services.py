"""Every write of the feedback workflow (DESIGN.md section 5, "Feedback").

Submit → stored exactly as written → analysed on the `analysis` queue after the commit →
triaged and answered by organizers → the author is told in their language. A failed analysis
never loses the feedback: the row stays, marked `failed`, and is analysed again later.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import NotAllowed
from apps.events.models import Event
from apps.notifications.services import notify

from . import exceptions as exc
from .languages import DETECTABLE_LANGUAGES
from .models import BODY_MAX_LENGTH, BODY_MIN_LENGTH, Feedback, Reply

logger = logging.getLogger(__name__)

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
# After this many failed analyses a row waits for a person (admin action or the command).
MAX_ANALYSIS_ATTEMPTS = 5


def clean_body(body: str) -> str:
    """Only surrounding whitespace goes; the text itself is kept as written."""
    return (body or "").strip()


def _validate(*, body: str, email: str, consent: bool, event: Event | None) -> dict[str, str]:
    errors: dict[str, Any] = {}
    if len(body) < BODY_MIN_LENGTH:
        errors["body"] = _("Please write at least %(min)d characters.") % {"min": BODY_MIN_LENGTH}
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _(
            "Please keep your feedback under %(max)d characters (it has %(count)d)."
        ) % {"max": BODY_MAX_LENGTH, "count": len(body)}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    if not consent:
        errors["privacy_consent"] = _("Please agree to the privacy notice to send feedback.")
    if event is not None and event.status == Event.Status.DRAFT:
        errors["event"] = _("This event does not accept feedback.")
    return errors


def _language(code: str) -> str:
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


def feedback_submit(*, body: str, user: Any = None, event: Event | None = None,
                    email: str = "", public: bool = False, consent: bool,
                    ui_language: str) -> Feedback:
    """Stores one piece of feedback as written and queues its analysis after the commit.

    Anonymous feedback is allowed; an email (or the account's) lets us answer. Raises
    InvalidFeedback with per-field messages; nothing is written then.
    """
    body = clean_body(body)
    email = (email or "").strip()
    if user is not None and not user.is_authenticated:
        user = None
    errors = _validate(body=body, email=email, consent=consent, event=event)
    if errors:
        raise exc.InvalidFeedback(errors)
    with transaction.atomic():
        feedback = Feedback.objects.create(
            user=user, event=event, body=body, email="" if user else email,
            ui_language=_language(ui_language), public=public,
            privacy_consent_at=timezone.now(),
        )
        _notify_author(feedback=feedback, kind="feedback.received",
                       dedupe_key=f"feedback:{feedback.pk}:received")
        transaction.on_commit(lambda: queue_analysis(feedback_ids=[feedback.pk]))
    return feedback


def _notify_author(*, feedback: Feedback, kind: str, dedupe_key: str,
                   context: dict[str, Any] | None = None) -> None:
    address = feedback.reply_address
    if not address:
        return  # anonymous without an email: nobody to tell
    notify(
        kind=kind, recipient=feedback.user, address=address,
        language=feedback.reply_language,
        context={"feedback_id": feedback.pk, **(context or {})},
        dedupe_key=dedupe_key,
    )


def queue_analysis(*, feedback_ids: Sequence[int]) -> bool:
    """Publishes analysis tasks. Never raises: with the broker away the rows stay `pending`
    and `feedback_requeue_unanalysed` (beat) queues them later."""
    from .tasks import analyze

    try:
        for pk in feedback_ids:
            analyze.apply_async(args=[pk], retry=True,
                                retry_policy=settings.NOTIFICATION_PUBLISH_RETRY_POLICY)
    except Exception:
        logger.warning("could not queue feedback analysis; rows stay pending", exc_info=True)
        return False
    return True


def _apply(feedback: Feedback, result: Any, *, version: str, now) -> None:
    if not feedback.language_set_by_author:
        feedback.language = result.language
    feedback.sentiment = result.sentiment
    feedback.sentiment_score = max(-1.0, min(1.0, float(result.sentiment_score)))
    feedback.axis = result.axis
    feedback.analysis_status = Feedback.Analysis.DONE
    feedback.analysis_error = ""
    feedback.analyzed_at = now
    feedback.model_version = version


ANALYSIS_FIELDS = ["language", "sentiment", "sentiment_score", "axis", "analysis_status",
                   "analysis_error", "analyzed_at", "model_version", "analysis_attempts",
                   "updated_at"]


def feedback_analyze(*, feedback_ids: Sequence[int]) -> int:
    """Analyses the given rows in one vectorised batch and saves the results.

    Re-running is harmless: analysis is a pure function of the text, so a second run writes
    the same values. If the model raises, the rows are marked `failed` with the error (their
    text is untouched) and the exception propagates so the task can retry. Returns the
    number of rows analysed.
    """
    from . import analysis

    rows = list(Feedback.objects.filter(pk__in=feedback_ids).order_by("pk"))
    if not rows:
        return 0
    now = timezone.now()
    try:
        results = analysis.analyze_texts([row.body for row in rows])
    except Exception as error:
        for row in rows:
            row.analysis_status = Feedback.Analysis.FAILED
            row.analysis_attempts += 1
            row.analysis_error = f"{type(error).__name__}: {error}"[:2000]
            row.updated_at = now
        Feedback.objects.bulk_update(rows, ["analysis_status", "analysis_attempts",
                                            "analysis_error", "updated_at"])
        raise
    for row, result in zip(rows, results, strict=True):
        row.analysis_attempts += 1
        row.updated_at = now
        _apply(row, result, version=analysis.MODEL_VERSION, now=now)
    Feedback.objects.bulk_update(rows, ANALYSIS_FIELDS)
    return len(rows)


def feedback_requeue_unanalysed(*, older_than: timedelta = timedelta(minutes=5)) -> int:
    """Queues rows whose analysis never ran (broker away) or failed, a few at a time, so a
    model that keeps failing does not flood the queue. Rows that failed
    MAX_ANALYSIS_ATTEMPTS times wait for an organizer's "analyse again"."""
    cutoff = timezone.now() - older_than
    ids = list(
        Feedback.objects.filter(
            analysis_status__in=[Feedback.Analysis.PENDING, Feedback.Analysis.FAILED],
            analysis_attempts__lt=MAX_ANALYSIS_ATTEMPTS, updated_at__lt=cutoff,
        ).order_by("pk").values_list("pk", flat=True)[:500]
    )
    if ids:
        queue_analysis(feedback_ids=ids)
    return len(ids)


def feedback_reanalyse(*, feedback_ids: Sequence[int]) -> int:
    """An organizer's "analyse again": resets the attempt count and queues the rows."""
    ids = list(feedback_ids)
    Feedback.objects.filter(pk__in=ids).update(
        analysis_status=Feedback.Analysis.PENDING, analysis_attempts=0,
        updated_at=timezone.now(),
    )
    transaction.on_commit(lambda: queue_analysis(feedback_ids=ids))
    return len(ids)


def feedback_set_language(*, feedback: Feedback, user: Any, language: str) -> Feedback:
    """The author corrects the detected language; later analyses keep their choice."""
    if feedback.user_id is None or feedback.user_id != getattr(user, "pk", None):
        raise NotAllowed()
    if language not in DETECTABLE_LANGUAGES:
        raise exc.InvalidFeedback({"language": _("Choose a language from the list.")})
    feedback.language = language
    feedback.language_set_by_author = True
    feedback.save(update_fields=["language", "language_set_by_author", "updated_at"])
    return feedback


# --- Moderation (organizers) ---------------------------------------------------------------

TRANSITIONS: dict[str, set[str]] = {
    Feedback.Status.IN_REVIEW: {Feedback.Status.RECEIVED, Feedback.Status.HIDDEN},
    Feedback.Status.CLOSED: {Feedback.Status.RECEIVED, Feedback.Status.IN_REVIEW,
                             Feedback.Status.ANSWERED},
    Feedback.Status.HIDDEN: {Feedback.Status.RECEIVED, Feedback.Status.IN_REVIEW,
                             Feedback.Status.CLOSED},
}


def feedback_set_status(*, feedbacks: Sequence[Feedback], status: str) -> int:
    """Bulk status change from the triage list. Rows whose current status does not allow
    the move (an answered row hidden as spam, say) are left as they are; returns how many
    changed. Hiding also withdraws the row from the public page."""
    allowed_from = TRANSITIONS[status]
    pks = [f.pk for f in feedbacks if f.status in allowed_from]
    changes: dict[str, Any] = {"status": status, "updated_at": timezone.now()}
    if status == Feedback.Status.HIDDEN:
        changes["approved_at"] = None
    return Feedback.objects.filter(pk__in=pks, status__in=allowed_from).update(**changes)


def feedback_approve_public(*, feedbacks: Sequence[Feedback], approve: bool = True) -> int:
    """Shows (or withdraws) feedback on the public pages. Only feedback whose author chose
    "may be shown publicly" and that is not hidden can be shown."""
    pks = [f.pk for f in feedbacks]
    qs = Feedback.objects.filter(pk__in=pks)
    if approve:
        return (qs.filter(public=True, approved_at__isnull=True)
                .exclude(status=Feedback.Status.HIDDEN)
                .update(approved_at=timezone.now(), updated_at=timezone.now()))
    return qs.filter(approved_at__isnull=False).update(approved_at=None,
                                                       updated_at=timezone.now())


def reply_create(*, feedback: Feedback, author: Any, body: str) -> Reply:
    """Answers a piece of feedback and tells its author, in the author's language.

    The feedback becomes `answered`; the first reply sets `answered_at` (reply rate and time to
    reply in the summaries). One message per reply (dedupe key on the reply).
    """
    body = clean_body(body)
    if not body:
        raise exc.InvalidFeedback({"body": _("Write a reply first.")})
    if len(body) > BODY_MAX_LENGTH:
        raise exc.InvalidFeedback({"body": _(
            "Please keep your feedback under %(max)d characters (it has %(count)d)."
        ) % {"max": BODY_MAX_LENGTH, "count": len(body)}})
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if feedback.status == Feedback.Status.HIDDEN:
            raise exc.FeedbackHidden()
        reply = Reply.objects.create(feedback=feedback, author=author, body=body)
        now = timezone.now()
        feedback.status = Feedback.Status.ANSWERED
        feedback.answered_at = feedback.answered_at or now
        feedback.save(update_fields=["status", "answered_at", "updated_at"])
        _notify_author(feedback=feedback, kind="feedback.answered",
                       dedupe_key=f"feedback-reply:{reply.pk}",
                       context={"reply_id": reply.pk})
    return reply
