from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(TabbedTranslationAdmin):
    list_display = ["name", "country", "kind", "since_year"]
    list_filter = ["kind", "country"]
    search_fields = ["slug", "name"]
