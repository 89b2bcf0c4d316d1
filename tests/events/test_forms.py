"""The forms of the event pages, the shared form-field markup and the template helpers."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from apps.events import exceptions as exc
from apps.events.forms import EventFilterForm, RegistrationForm
from apps.events.templatetags.events_tags import (
    availability,
    fallback_language,
    lang_attr,
    ticket_code_grouped,
)
from tests.events.factories import EventFactory, RegistrationFactory, RegistrationQuestionFactory

pytestmark = pytest.mark.django_db


def test_choice_question_offers_options_in_the_page_language_with_their_position():
    event = EventFactory()
    question = RegistrationQuestionFactory(event=event, kind="choice", required=True,
                                           options_ko="하루\n이틀", options_en="One day\nTwo days")

    with translation.override("en"):
        form = RegistrationForm(event=event)
        field = form.fields[f"question_{question.pk}"]

    assert list(field.choices) == [("0", "One day"), ("1", "Two days")]
    assert field.required


def test_question_kinds_become_matching_fields():
    event = EventFactory()
    text = RegistrationQuestionFactory(event=event, kind="text")
    boolean = RegistrationQuestionFactory(event=event, kind="boolean", required=True)
    many = RegistrationQuestionFactory(event=event, kind="choice",
                                       options_ko="\n".join(f"옵션 {n}" for n in range(8)))

    form = RegistrationForm(event=event)

    assert form[f"question_{text.pk}"].widget_type == "textarea"
    assert form[f"question_{boolean.pk}"].widget_type == "checkbox"
    assert form[f"question_{boolean.pk}"].field.required
    # Long option lists are a select, short ones radio buttons.
    assert form[f"question_{many.pk}"].widget_type == "select"
    assert list(form.fields)[:3] == [f"question_{q.pk}" for q in (text, boolean, many)]


def test_interpretation_offers_only_the_events_languages_and_none():
    event = EventFactory(interpretation_languages=["vi", "en"])

    form = RegistrationForm(event=event)

    codes = [code for code, _label in form.fields["interpretation_language"].choices]
    assert codes == ["", "en", "vi"]


def test_no_interpretation_field_when_none_is_offered():
    form = RegistrationForm(event=EventFactory(interpretation_languages=[]))

    assert "interpretation_language" not in form.fields


def test_answers_are_keyed_by_question_id_as_the_service_expects():
    event = EventFactory()
    text = RegistrationQuestionFactory(event=event, kind="text")
    boolean = RegistrationQuestionFactory(event=event, kind="boolean")
    choice = RegistrationQuestionFactory(event=event, kind="choice", options_ko="가\n나")

    form = RegistrationForm(
        {f"question_{text.pk}": "Acme", f"question_{choice.pk}": "1", "privacy_consent": "on"},
        event=event,
    )

    assert form.is_valid(), form.errors
    assert form.answers() == {str(text.pk): "Acme", str(boolean.pk): False, str(choice.pk): "1"}
    assert form.service_kwargs()["privacy_consent"] is True


def test_consent_is_required():
    form = RegistrationForm({}, event=EventFactory())

    with translation.override("en"):
        assert not form.is_valid()
        assert form.errors["privacy_consent"] == [
            "Please agree to the privacy notice to register."
        ]


def test_service_answer_errors_land_on_their_questions():
    event = EventFactory()
    question = RegistrationQuestionFactory(event=event)
    form = RegistrationForm({"privacy_consent": "on"}, event=event)
    assert form.is_valid()

    with translation.override("en"):
        form.add_domain_error(exc.InvalidAnswers({str(question.pk): "too_long"}))
        form.add_domain_error(exc.RegistrationClosed())

        assert form.errors[f"question_{question.pk}"] == [
            "Your answer is too long. Please keep it under 2,000 characters."
        ]
        assert form.non_field_errors() == ["Registration for this event is closed."]


def test_filter_form_ignores_wrong_values_but_keeps_the_right_ones():
    form = EventFilterForm({"axis": "nonsense", "format": "online", "date_from": "tomorrow",
                            "has_seats": "on", "q": "  forum "})

    filters = form.filters()

    assert filters.axis == ""
    assert filters.format == "online"
    assert filters.date_from is None
    assert filters.has_seats is True
    assert filters.query == "forum"
    assert "axis" in form.errors and "date_from" in form.errors


def test_form_field_markup_links_label_help_and_error():
    event = EventFactory()
    question = RegistrationQuestionFactory(event=event, label_en="Organisation",
                                           help_text_en="Company or school", required=True)
    with translation.override("en"):
        form = RegistrationForm({"privacy_consent": "on"}, event=event)
        form.is_valid()
        html = render_to_string("includes/form_field.html",
                                {"field": form[f"question_{question.pk}"]})

    fid = f"id_question_{question.pk}"
    assert f'<label for="{fid}">' in html
    assert f'aria-describedby="{fid}-help {fid}-error"' in html
    assert 'aria-invalid="true"' in html
    assert f'id="{fid}-help"' in html and "Company or school" in html
    assert f'id="{fid}-error"' in html and "Please answer this question." in html
    assert "(required)" in html


def test_radio_buttons_are_a_fieldset_named_by_its_legend():
    event = EventFactory()
    question = RegistrationQuestionFactory(event=event, kind="choice", label_en="Which day?",
                                           options_ko="하루\n이틀", options_en="Day 1\nDay 2")
    with translation.override("en"):
        form = RegistrationForm(event=event)
        html = render_to_string("includes/form_field.html",
                                {"field": form[f"question_{question.pk}"]})

    assert "<fieldset" in html
    assert "Which day?" in html.split("<legend", 1)[1].split("</legend>", 1)[0]
    assert html.count('type="radio"') == 2
    assert f'id="id_question_{question.pk}_1" value="1"' in html


def test_label_shown_in_korean_on_a_vietnamese_page_is_marked_as_korean():
    event = EventFactory()
    question = RegistrationQuestionFactory(event=event, label_ko="소속", label_en="", label_vi="")

    with translation.override("vi"):
        form = RegistrationForm(event=event)
        html = render_to_string("includes/form_field.html",
                                {"field": form[f"question_{question.pk}"]})

    assert '<span lang="ko">소속</span>' in html


@pytest.mark.parametrize(
    ("language", "title_vi", "expected"),
    [("vi", "", "ko"), ("vi", "Diễn đàn", None), ("ko", "", None), ("en", "", None)],
)
def test_fallback_language_is_the_language_actually_shown(language, title_vi, expected):
    event = EventFactory(title_ko="포럼", title_en="Forum", title_vi=title_vi)

    with translation.override(language):
        assert fallback_language(event, "title") == expected
        assert lang_attr(event, "title") == (f' lang="{expected}"' if expected else "")


def test_english_is_the_second_fallback_when_korean_is_empty():
    event = EventFactory(title_ko="포럼", summary_ko="", summary_en="A summary")

    with translation.override("ja"):
        assert fallback_language(event, "summary") == "en"


def test_availability_reads_seats_and_waiting_list():
    event = EventFactory(capacity=1)
    assert availability(event).state == "seats"
    RegistrationFactory(event=event)
    assert availability(event).state == "waitlist"
    event.waitlist_enabled = False
    assert availability(event).state == "full"


def test_ticket_code_is_grouped_by_four():
    assert ticket_code_grouped("ABCD2345EFGH") == "ABCD-2345-EFGH"
