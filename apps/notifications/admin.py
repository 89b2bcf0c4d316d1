"""The outbox in the admin: what was sent to whom, what failed and why, and a retry action.
Superusers only: messages hold personal data of every event's participants."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "address", "language", "status", "attempts",
                    "sent_at"]
    list_filter = ["status", "kind", "language", "channel"]
    search_fields = ["address", "dedupe_key", "last_error"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    date_hierarchy = "created_at"
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description=_("Retry the selected failed messages"))
    def retry(self, request, queryset):
        retried = sum(
            services.notification_retry(notification=row)
            for row in queryset.filter(status=Notification.Status.FAILED)
        )
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.",
                     retried) % {"count": retried},
            messages.SUCCESS if retried else messages.WARNING,
        )
