"""Forms of the public event pages: the list's filters and the registration form.

The registration form only collects and checks what a person typed; the service
(`registration_create`) decides, and its domain errors are mapped back onto the fields here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.exceptions import DomainError
from apps.core.i18n import language_choices

from . import exceptions as exc
from .models import Axis, Event, RegistrationQuestion
from .selectors import EventFilters
from .templatetags.events_tags import fallback_language

QUESTION_PREFIX = "question_"
TEXT_ANSWER_MAX_LENGTH = 2000

# Error codes of `clean_answers` (InvalidAnswers.errors) as sentences a person understands.
ANSWER_ERRORS = {
    "required": _("Please answer this question."),
    "invalid_choice": _("Please choose one of the options given."),
    "boolean": _("Please answer yes or no."),
    "too_long": _("Your answer is too long. Please keep it under 2,000 characters."),
}


class DateInput(forms.DateInput):
    """The browser's own date picker; without it people type YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    """GET filters of the event list. Invalid values are reported and then ignored, so a
    hand-edited link still lists events."""

    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        help_text=_("Words from the title, summary, description or venue, in any language."),
    )
    axis = forms.ChoiceField(label=_("Diplomacy axis"), required=False)
    format = forms.ChoiceField(label=_("Format"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    interpretation = forms.ChoiceField(label=_("Interpretation into"), required=False)
    has_seats = forms.BooleanField(label=_("Only events with free seats"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].choices = [("", _("All axes")), *Axis.choices]
        self.fields["format"].choices = [("", _("All formats")), *Event.Format.choices]
        self.fields["interpretation"].choices = [("", _("Any language")), *language_choices()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> EventFilters:
        """The filters from the fields that are valid; a wrong field is left out."""
        if not self.is_bound:
            return EventFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return EventFilters(
            query=(data.get("q") or "").strip(),
            axis=data.get("axis") or "",
            format=data.get("format") or "",
            interpretation=data.get("interpretation") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            has_seats=bool(data.get("has_seats")),
        )

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class RegistrationForm(forms.Form):
    """The event's own questions, interpretation, accessibility needs and privacy consent."""

    interpretation_language = forms.ChoiceField(
        label=_("Interpretation"), required=False,
        help_text=_("Choose the language you want the talks interpreted into, if you need it."),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), required=False, max_length=TEXT_ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example a wheelchair-accessible seat, sign language, a hearing loop or large "
            "print. We use this only to prepare the event for you."
        ),
    )
    privacy_consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal information as described "
                "above."),
        required=True,
        error_messages={"required": exc.ConsentRequired.default_message},
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.questions: list[RegistrationQuestion] = list(event.questions.all())
        question_fields = {
            self.question_field_name(question): self._question_field(question)
            for question in self.questions
        }
        # The event's questions come first, in the order the organizers set.
        self.fields = {**question_fields, **self.fields}
        offered = [code for code, _name in settings.LANGUAGES
                   if code in (event.interpretation_languages or [])]
        names = dict(language_choices())
        self.fields["interpretation_language"].choices = [
            ("", _("No interpretation needed")),
            *[(code, names[code]) for code in offered],
        ]
        if not offered:
            del self.fields["interpretation_language"]

    @staticmethod
    def question_field_name(question: RegistrationQuestion) -> str:
        return f"{QUESTION_PREFIX}{question.pk}"

    def _question_field(self, question: RegistrationQuestion) -> forms.Field:
        common = {
            "label": question.label,
            "help_text": question.help_text,
            "required": question.required,
            "error_messages": {
                "required": ANSWER_ERRORS["required"],
                "invalid_choice": ANSWER_ERRORS["invalid_choice"],
            },
        }
        if question.kind == RegistrationQuestion.Kind.BOOLEAN:
            field: forms.Field = forms.BooleanField(**common)
        elif question.kind == RegistrationQuestion.Kind.CHOICE:
            # The value is the option's position: the service stores the Korean text of the
            # option whatever language the form was shown in.
            choices = list(enumerate(question.option_list()))
            choices = [(str(index), text) for index, text in choices]
            if len(choices) <= 5:
                field = forms.ChoiceField(widget=forms.RadioSelect, choices=choices, **common)
            else:
                field = forms.ChoiceField(choices=[("", ""), *choices], **common)
        else:
            field = forms.CharField(
                max_length=TEXT_ANSWER_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}),
                **common,
            )
        # Where the event has no text in the page's language, the template marks the Korean
        # (or English) text with its language.
        field.label_lang = fallback_language(question, "label")
        field.help_lang = fallback_language(question, "help_text")
        field.options_lang = fallback_language(question, "options")
        return field

    def question_fields(self) -> list[forms.BoundField]:
        return [self[self.question_field_name(q)] for q in self.questions]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("interpretation_language", "accessibility_needs")
                if name in self.fields]

    def answers(self) -> dict[str, Any]:
        """Answers keyed by str(question.pk), as `registration_create` expects them."""
        answers: dict[str, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.question_field_name(question))
            if question.kind == RegistrationQuestion.Kind.BOOLEAN:
                answers[str(question.pk)] = bool(value)
            elif value not in (None, ""):
                answers[str(question.pk)] = value
        return answers

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "privacy_consent": bool(data.get("privacy_consent")),
            "answers": self.answers(),
            "interpretation_language": data.get("interpretation_language") or "",
            "accessibility_needs": data.get("accessibility_needs") or "",
        }

    def add_domain_error(self, error: DomainError) -> None:
        """Puts a service's error where the person will look for it: on the field it is about,
        or at the top of the form."""
        if isinstance(error, exc.InvalidAnswers):
            by_pk = {str(q.pk): q for q in self.questions}
            for key, code in error.errors.items():
                question = by_pk.get(str(key))
                message = ANSWER_ERRORS.get(code, error.message)
                if question is None:
                    self.add_error(None, message)
                else:
                    self.add_error(self.question_field_name(question), message)
        elif isinstance(error, exc.ConsentRequired):
            self.add_error("privacy_consent", error.message)
        elif (isinstance(error, exc.InvalidInterpretationLanguage)
              and "interpretation_language" in self.fields):
            self.add_error("interpretation_language", error.message)
        else:
            self.add_error(None, error.message)
