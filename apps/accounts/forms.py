from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from apps.core.i18n import language_choices

from .models import User


def _country_choices() -> list[tuple[str, str]]:
    """Built per request, so names and order follow the page's language."""
    return [("", _("Choose a country or region")), *countries]


class SignupForm(forms.Form):
    """Extra questions on allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=pgettext_lazy("person", "Name"), max_length=150, required=False,
        help_text=_("Shown on your ticket and to the staff at the door; you may leave it "
                    "empty."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages open and messages arrive in this language."),
    )
    # No answer chosen for the person: a default would count foreign residents who skip the
    # question as Korean citizens in every figure by resident type.
    resident_type = forms.ChoiceField(
        label=_("I am a"), choices=[("", _("Choose an option")), *User.ResidentType.choices])
    country = forms.ChoiceField(label=_("Country or region of nationality"), required=False)
    privacy_consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information."),
        help_text=_(
            "Purpose: account and event notifications. Items: email address, name (if "
            "given), preferred language, resident type, country. Retention: until you delete "
            "your account."
        ),
        required=True,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = language_choices()
        self.fields["country"].choices = _country_choices()
        current = get_language()
        if current in dict(settings.LANGUAGES):
            self.fields["preferred_language"].initial = current

    def signup(self, request, user: User) -> None:
        user.name = self.cleaned_data.get("name", "").strip()
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.resident_type = self.cleaned_data["resident_type"]
        user.country = self.cleaned_data.get("country") or ""
        user.privacy_consent_at = timezone.now()
        user.save()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "preferred_language", "resident_type", "country"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].choices = language_choices()
        self.fields["country"].choices = _country_choices()


class AccountDeleteForm(forms.Form):
    """The last step before an account is deleted: a box to tick, so that a stray click on
    the button alone deletes nothing."""

    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and that this cannot be undone."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want to delete your "
                                      "account.")},
    )
