"""The organizers' triage of feedback, and their replies.

An organizer sees feedback about their own events and general feedback (no event), never
another organizer's events; superusers see all. The original text is always shown as written;
analysis, status and replies change only through the actions and the reply form, each a
service call, so the author is told of an answer in their own language.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import DomainError
from apps.events.admin import OrganizedEventFilter

from . import services
from .exports import feedback_csv_response
from .languages import language_name
from .machine_translation import get_backend, translate_for_organizer
from .models import Feedback, Reply


def _paragraphs(text: str) -> SafeString:
    """Text typed by the public, escaped, with its line breaks kept."""
    # linebreaks(autoescape=True) escapes the text before it adds <p> and <br>.
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308  # nosec B308 B703  # escaped


def _may_see(request: HttpRequest, feedback: Feedback | None) -> bool:
    if feedback is None or request.user.is_superuser or feedback.event_id is None:
        return True
    return feedback.event.organizers.filter(pk=request.user.pk).exists()


class LanguageFilter(admin.SimpleListFilter):
    """The languages present in what the user may see, named in the user's language."""

    title = _("language of the text")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        codes = (model_admin.get_queryset(request).order_by().exclude(language="")
                 .values_list("language", flat=True).distinct())
        return sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


class ReplyInline(admin.StackedInline):
    """Earlier replies read-only; one empty form for a new reply, sent through the service."""

    model = Reply
    extra = 1
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    can_delete = False
    verbose_name = _("reply")
    verbose_name_plural = _("Replies (the author is told by email, in their language)")

    def has_change_permission(self, request, obj=None):
        # Sent replies are part of the record; a correction is a new reply.
        return False

    def has_add_permission(self, request, obj=None):
        return (obj is not None and obj.status != Feedback.Status.HIDDEN
                and request.user.has_perm("feedback.add_reply"))

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("feedback.view_reply") or request.user.has_perm(
            "feedback.view_feedback")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["short_body", "language_label", "sentiment_label", "axis", "event",
                    "status", "shown_publicly", "reply_count", "created_at"]
    list_filter = ["status", LanguageFilter, "sentiment", "axis", OrganizedEventFilter,
                   "analysis_status", "public"]
    search_fields = ["body", "email", "user__email", "replies__body"]
    list_select_related = ["event"]
    list_per_page = 50
    ordering = ["-created_at", "-pk"]
    date_hierarchy = "created_at"
    inlines = [ReplyInline]
    actions = ["mark_in_review", "close", "hide_as_spam", "approve_public", "withdraw_public",
               "analyse_again", "export_csv"]
    fieldsets = [
        (None, {"fields": ["original_text", "machine_translation", "event", "author",
                           "created_at"]}),
        (_("Triage"), {"fields": ["status", "public", "approved_at", "answered_at"]}),
        (_("Analysis"), {"fields": ["language_label", "language_set_by_author",
                                    "sentiment_label", "axis", "analysis_status",
                                    "analysis_error", "analyzed_at", "model_version"]}),
    ]
    readonly_fields = ["original_text", "machine_translation", "event", "author", "created_at",
                       "status", "public", "approved_at", "answered_at", "language_label",
                       "language_set_by_author", "sentiment_label", "axis", "analysis_status",
                       "analysis_error", "analyzed_at", "model_version"]

    # --- columns ----------------------------------------------------------------------

    @admin.display(description=_("feedback"))
    def short_body(self, obj: Feedback) -> str:
        return str(obj)

    @admin.display(description=_("original text"))
    def original_text(self, obj: Feedback):
        return format_html('<div lang="{}" class="feedback-original">{}</div>',
                           obj.language or "", _paragraphs(obj.body))

    @admin.display(description=_("machine translation"))
    def machine_translation(self, obj: Feedback):
        if get_backend() is None:
            return _("Machine translation is off (no TRANSLATION_URL is set).")
        translated = translate_for_organizer(text=obj.body, source=obj.language,
                                             target=get_language())
        if translated is None:
            return _("No translation: the text is already in your language, or the "
                     "translation server did not answer.")
        return format_html('<div class="feedback-translation">{}</div><p class="help">{}</p>',
                           _paragraphs(translated),
                           _("Machine translation: check the original before quoting it."))

    @admin.display(description=_("author"))
    def author(self, obj: Feedback) -> str:
        if obj.user_id:
            return f"{obj.user.name} <{obj.user.email}>" if obj.user.name else obj.user.email
        return obj.email or _("anonymous")

    @admin.display(description=_("language of the text"), ordering="language")
    def language_label(self, obj: Feedback) -> str:
        return language_name(obj.language) or "-"

    @admin.display(description=_("sentiment"), ordering="sentiment_score")
    def sentiment_label(self, obj: Feedback) -> str:
        if not obj.sentiment:
            return "-"
        return f"{obj.get_sentiment_display()} ({obj.sentiment_score:+.2f})"

    @admin.display(description=_("public"), boolean=True)
    def shown_publicly(self, obj: Feedback) -> bool:
        return bool(obj.public and obj.approved_at)

    @admin.display(description=_("replies"), ordering="reply_count")
    def reply_count(self, obj: Feedback) -> int:
        return obj.reply_count

    # --- permissions --------------------------------------------------------------------

    def get_queryset(self, request):
        qs = super().get_queryset(request).annotate(reply_count=Count("replies"))
        return qs.visible_to_organizer(request.user)

    def has_add_permission(self, request):
        return False  # feedback comes from the public

    def has_delete_permission(self, request, obj=None):
        return False  # hidden as spam, never erased here: the author may ask about it

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and _may_see(request, obj)

    def has_change_permission(self, request, obj=None):
        # The change permission opens the reply form and the actions; every field of the
        # feedback itself is read-only.
        return super().has_change_permission(request, obj) and _may_see(request, obj)

    def save_model(self, request, obj, form, change):
        pass  # nothing on the feedback is edited by hand

    def save_formset(self, request, form, formset, change):
        # The admin's change message reads these; replies are made by the service below.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for reply_form in formset.forms:
            body = reply_form.cleaned_data.get("body") if reply_form.has_changed() else None
            if not body or reply_form.instance.pk:
                continue
            try:
                reply = services.reply_create(feedback=form.instance, author=request.user,
                                              body=body)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                formset.new_objects.append(reply)
                self.message_user(request, _("Your reply was saved and the author will be "
                                             "told in their language."), messages.SUCCESS)

    # --- actions ------------------------------------------------------------------------

    def _status_action(self, request, queryset, status: str) -> None:
        changed = services.feedback_set_status(feedbacks=list(queryset), status=status)
        skipped = queryset.count() - changed
        self.message_user(request, ngettext("%(count)d feedback updated.",
                                            "%(count)d feedback updated.", changed)
                          % {"count": changed}, messages.SUCCESS)
        if skipped:
            self.message_user(request, ngettext(
                "%(count)d feedback was left as it was: its status does not allow this.",
                "%(count)d feedback were left as they were: their status does not allow this.",
                skipped) % {"count": skipped}, messages.WARNING)

    @admin.action(description=_("Mark the selected feedback as in review"),
                  permissions=["change"])
    def mark_in_review(self, request, queryset):
        self._status_action(request, queryset, Feedback.Status.IN_REVIEW)

    @admin.action(description=_("Close the selected feedback"), permissions=["change"])
    def close(self, request, queryset):
        self._status_action(request, queryset, Feedback.Status.CLOSED)

    @admin.action(description=_("Hide the selected feedback as spam"), permissions=["change"])
    def hide_as_spam(self, request, queryset):
        self._status_action(request, queryset, Feedback.Status.HIDDEN)

    @admin.action(description=_("Show the selected feedback on the public page"),
                  permissions=["change"])
    def approve_public(self, request, queryset):
        changed = services.feedback_approve_public(feedbacks=list(queryset))
        self.message_user(request, ngettext(
            "%(count)d feedback is now shown publicly.",
            "%(count)d feedback are now shown publicly.", changed) % {"count": changed},
            messages.SUCCESS)
        if queryset.filter(Q(public=False) | Q(status=Feedback.Status.HIDDEN)).exists():
            self.message_user(request, _(
                "Feedback whose author did not allow publication, or hidden as spam, is "
                "never shown publicly."), messages.WARNING)

    @admin.action(description=_("Withdraw the selected feedback from the public page"),
                  permissions=["change"])
    def withdraw_public(self, request, queryset):
        changed = services.feedback_approve_public(feedbacks=list(queryset), approve=False)
        self.message_user(request, ngettext(
            "%(count)d feedback withdrawn from the public page.",
            "%(count)d feedback withdrawn from the public page.", changed)
            % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Analyse the selected feedback again"), permissions=["change"])
    def analyse_again(self, request, queryset):
        count = services.feedback_reanalyse(feedback_ids=list(queryset.values_list("pk",
                                                                                   flat=True)))
        self.message_user(request, ngettext(
            "%(count)d feedback queued for analysis.",
            "%(count)d feedback queued for analysis.", count) % {"count": count},
            messages.SUCCESS)

    @admin.action(description=_("Export the selected feedback to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return feedback_csv_response(queryset)
