"""Forms of the public feedback pages. They collect what a person typed; the service decides,
and its errors are mapped back onto the fields so nothing typed is lost."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.events.models import Event

from .languages import detectable_language_choices
from .models import BODY_MAX_LENGTH, FeedbackAxis

HONEYPOT_FIELD = "website"


class FeedbackForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Event"), required=False, queryset=Event.objects.none(),
        empty_label=_("No particular event"),
        help_text=_("Choose the event your feedback is about, if any."),
    )
    body = forms.CharField(
        label=_("Your feedback"), max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Write in any language you like. At most 4,000 characters."),
        error_messages={"required": _("Please write your feedback."),
                        "max_length": _("Please keep your feedback under 4,000 characters.")},
    )
    email = forms.EmailField(
        label=_("Email for an answer"), required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Optional. Leave it empty to stay anonymous; we then cannot answer you "
                    "personally."),
    )
    public = forms.BooleanField(
        label=_("You may show my feedback publicly"), required=False,
        help_text=_("After a moderator's check, your text (without your name or email) and "
                    "our answer may appear on the public feedback page."),
    )
    privacy_consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information as described "
                "above."),
        error_messages={"required": _("Please agree to the privacy notice to send feedback.")},
    )
    # A field people never see (hidden with CSS and from screen readers); bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = (
            Event.objects.exclude(status=Event.Status.DRAFT).order_by("-starts_at")
        )
        if user is not None and user.is_authenticated:
            # The account's own address gets the answer.
            del self.fields["email"]

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]


class LanguageCorrectionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of your text"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = detectable_language_choices()


class PublicFeedbackFilterForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event"), required=False,
                                   queryset=Event.objects.none(), empty_label=_("All events"),
                                   to_field_name="slug")
    axis = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = (
            Event.objects.exclude(status=Event.Status.DRAFT).order_by("-starts_at")
        )
        self.fields["axis"].choices = [("", _("All topics")), *FeedbackAxis.choices]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
