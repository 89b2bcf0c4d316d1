from modeltranslation.translator import TranslationOptions, register

from .models import Partner


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ko",)
