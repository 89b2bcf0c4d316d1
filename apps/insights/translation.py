from modeltranslation.translator import TranslationOptions, register

from .models import Agreement, Partner


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ko",)


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("ko",)
