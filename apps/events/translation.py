from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "venue_name")
    required_languages = ("ko",)


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "speaker")
    required_languages = ("ko",)
