from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Event, RegistrationQuestion


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "venue_name")
    required_languages = ("ko",)


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "speaker")
    required_languages = ("ko",)


@register(RegistrationQuestion)
class RegistrationQuestionTranslation(TranslationOptions):
    fields = ("label", "help_text", "options")
    required_languages = ("ko",)
