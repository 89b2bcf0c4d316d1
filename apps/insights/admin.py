"""Partners and their agreements in the admin (organizers may read them; superusers edit)."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from apps.core.admin import HTTPS_URL_FIELDS

from .models import Agreement, Partner


class AgreementInline(TranslationTabularInline):
    model = Agreement
    extra = 0
    fields = ["title", "axis", "status", "signed_on", "document_url"]
    formfield_overrides = HTTPS_URL_FIELDS


@admin.register(Partner)
class PartnerAdmin(TabbedTranslationAdmin):
    list_display = ["name", "country", "kind", "since_year"]
    list_filter = ["kind", "country"]
    search_fields = ["slug", "name"]
    inlines = [AgreementInline]
    formfield_overrides = HTTPS_URL_FIELDS


@admin.register(Agreement)
class AgreementAdmin(TabbedTranslationAdmin):
    list_display = ["title", "partner", "axis", "status", "signed_on"]
    list_filter = ["status", "axis", "partner__kind", "partner"]
    search_fields = ["title", "partner__name"]
    date_hierarchy = "signed_on"
    list_select_related = ["partner"]
    formfield_overrides = HTTPS_URL_FIELDS
