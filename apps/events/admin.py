"""Events in the admin. Organizers see and change only the events that list them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import AgendaItem, Event


class AgendaItemInline(TranslationTabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Event)
class EventAdmin(TabbedTranslationAdmin):
    list_display = ["title", "axis", "format", "starts_at", "status", "languages_filled"]
    list_filter = ["status", "axis", "format"]
    search_fields = ["slug", "title"]
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ["organizers"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]

    @admin.display(description=_("languages filled"))
    def languages_filled(self, obj: Event):
        codes = [code for code, _name in settings.LANGUAGES
                 if getattr(obj, f"title_{code.replace('-', '_')}", "")]
        return format_html_join(" ", '<span lang="{}">{}</span>', ((c, c) for c in codes))

    def get_queryset(self, request):
        return super().get_queryset(request).organized_by(request.user)
