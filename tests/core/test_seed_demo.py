"""`manage.py seed_demo` loads complete, valid demo content and a second run changes nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import models
from django.db.models import QuerySet
from modeltranslation.utils import build_localized_fieldname

from apps.accounts.models import ORGANIZERS_GROUP
from apps.core import demo_data
from apps.events.models import AgendaItem, Event
from apps.insights.models import Agreement, Partner

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
FLAGSHIP_SLUGS = {
    "tech": "gangnam-global-tech-forum-2027",
    "culture": "k-pop-world-city-week-2027",
    "green": "green-start-up-summit-2027",
    "inclusion": "multilingual-governance-day-2027",
}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def rows(model: type[models.Model]) -> list[dict[str, Any]]:
    # A plain QuerySet, not the model's manager: modeltranslation's manager rewrites values()
    # to the active language, and the snapshot must hold every stored column as it is.
    return list(QuerySet(model=model).order_by("pk").values())


def snapshot() -> dict[str, Any]:
    user_model = get_user_model()
    return {
        "events": rows(Event),
        "agenda": rows(AgendaItem),
        "partners": rows(Partner),
        "agreements": rows(Agreement),
        "users": rows(user_model),
        "organizers": sorted(Event.organizers.through.objects.values_list("event_id", "user_id")),
        "user_groups": sorted(user_model.groups.through.objects.values_list("user_id", "group_id")),
        "group_permissions": sorted(
            Group.permissions.through.objects.values_list("group_id", "permission_id")
        ),
    }


def test_loads_the_four_flagship_events_in_all_languages():
    seed()

    events = {event.axis: event for event in Event.objects.all()}
    assert {axis: event.slug for axis, event in events.items()} == FLAGSHIP_SLUGS
    for event in events.values():
        assert event.status == Event.Status.PUBLISHED
        assert event.starts_at.year == 2027
        assert event.ends_at >= event.starts_at
        assert event.registration_opens_at < event.registration_closes_at < event.starts_at
        for field in ("title", "summary", "description", "venue_name"):
            for language in LANGUAGES:
                value = getattr(event, build_localized_fieldname(field, language))
                assert value.strip(), f"{event.slug}.{field} is empty in {language}"
        titles = [getattr(event, build_localized_fieldname("title", lang)) for lang in LANGUAGES]
        # Each language has its own wording, not a copy of the Korean or English title.
        assert len(set(titles)) == len(LANGUAGES), titles
    for language in LANGUAGES:
        titles = {getattr(e, build_localized_fieldname("title", language)) for e in events.values()}
        assert len(titles) == 4, f"titles are not distinct in {language}"


def test_event_settings_the_browser_tests_rely_on():
    seed()

    k_pop = Event.objects.get(slug=FLAGSHIP_SLUGS["culture"])
    assert k_pop.capacity == 30
    assert k_pop.waitlist_enabled
    governance = Event.objects.get(slug=FLAGSHIP_SLUGS["inclusion"])
    assert sorted(governance.interpretation_languages) == sorted(LANGUAGES)
    assert Event.objects.filter(format=Event.Format.HYBRID).exists()
    for event in Event.objects.all():
        assert set(event.interpretation_languages) <= set(LANGUAGES)


def test_agendas_are_complete_and_inside_their_event():
    seed()

    for event in Event.objects.all():
        items = list(event.agenda_items.order_by("order"))
        assert 4 <= len(items) <= 6, event.slug
        assert [item.order for item in items] == list(range(1, len(items) + 1))
        for item in items:
            assert event.starts_at <= item.starts_at
            assert item.ends_at is not None
            assert item.starts_at <= item.ends_at <= event.ends_at
            for field in ("title", "speaker"):
                for language in LANGUAGES:
                    value = getattr(item, build_localized_fieldname(field, language))
                    assert value.strip(), f"{event.slug} #{item.order} {field} {language}"


def test_loads_the_three_partner_cities():
    seed()

    partners = {partner.slug: partner for partner in Partner.objects.all()}
    assert {slug: (p.country.code, p.kind) for slug, p in partners.items()} == {
        "santa-clara": ("US", Partner.Kind.SISTER),
        "meguro": ("JP", Partner.Kind.SISTER),
        "haidian": ("CN", Partner.Kind.FRIENDSHIP),
    }
    for partner in partners.values():
        for field in ("name", "description"):
            for language in LANGUAGES:
                assert getattr(partner, build_localized_fieldname(field, language)).strip()


def test_seeded_rows_pass_model_validation():
    # SQLite does not enforce max_length; PostgreSQL does, so validate like a form would.
    seed()

    for model in (Event, AgendaItem, Partner, Agreement):
        for obj in model.objects.all():
            obj.full_clean()


def test_organizer_is_staff_in_organizers_group_and_organizes_every_event():
    output = seed()

    organizer = get_user_model().objects.get(email=settings.DEMO_ORGANIZER_EMAIL.lower())
    assert organizer.is_staff
    assert not organizer.is_superuser
    assert organizer.preferred_language == "ko"
    assert organizer.check_password(settings.DEMO_ORGANIZER_PASSWORD)
    assert organizer.groups.filter(name=ORGANIZERS_GROUP).exists()
    assert organizer.is_organizer
    assert set(organizer.organized_events.values_list("slug", flat=True)) == set(
        FLAGSHIP_SLUGS.values()
    )
    for permission in (
        "events.view_event",
        "events.add_event",
        "events.change_event",
        "events.view_agendaitem",
        "events.add_agendaitem",
        "events.change_agendaitem",
        "insights.view_partner",
    ):
        assert organizer.has_perm(permission), permission
    assert not organizer.has_perm("events.delete_event")
    assert f"{settings.DEMO_ORGANIZER_EMAIL} / {settings.DEMO_ORGANIZER_PASSWORD}" in output


def test_second_run_changes_nothing():
    first_output = seed()
    before = snapshot()

    second_output = seed()

    assert snapshot() == before
    assert "Demo content: created 0, updated 0," in second_output
    assert "Demo content: created 38, updated 0, unchanged 0." in first_output
    # The password is shown only when the account was just created.
    assert settings.DEMO_ORGANIZER_PASSWORD not in second_output
    assert "password was kept" in second_output


def test_rerun_restores_edited_demo_content_and_drops_stray_agenda_lines():
    seed()
    event = Event.objects.get(slug=FLAGSHIP_SLUGS["tech"])
    Event.objects.filter(pk=event.pk).update(title_en="Edited by hand", title_ko="손으로 고침")
    AgendaItem.objects.create(event=event, starts_at=event.starts_at, title_ko="추가 항목")
    first_item = event.agenda_items.get(order=1)
    AgendaItem.objects.create(
        event=event, order=1, starts_at=first_item.starts_at, title_ko=first_item.title_ko
    )
    untouched = Event.objects.exclude(pk=event.pk).values_list("pk", "updated_at")
    untouched_before = sorted(untouched)

    output = seed()

    event.refresh_from_db()
    assert event.title_en == demo_data.TECH_FORUM["title"]["en"]
    assert event.title_ko == demo_data.TECH_FORUM["title"]["ko"]
    # modeltranslation's untranslated column mirrors Korean; raw SQL and exports read it.
    base_title = QuerySet(model=Event).filter(pk=event.pk).values_list("title", flat=True).get()
    assert base_title == demo_data.TECH_FORUM["title"]["ko"]
    assert event.agenda_items.count() == len(demo_data.TECH_FORUM["agenda"])
    assert sorted(untouched) == untouched_before
    assert "updated 1" in output
    assert "removed 2" in output


def test_rerun_keeps_a_password_the_operator_changed():
    seed()
    organizer = get_user_model().objects.get(email=settings.DEMO_ORGANIZER_EMAIL.lower())
    organizer.set_password("changed-by-the-operator")
    organizer.save()

    seed()

    organizer.refresh_from_db()
    assert organizer.check_password("changed-by-the-operator")


def test_demo_data_covers_every_language_for_every_translated_text():
    texts: list[dict[str, str]] = []
    for event in demo_data.EVENTS:
        texts += [event["title"], event["summary"], event["description"], event["venue_name"]]
        for item in event["agenda"]:
            texts += [item["title"], item["speaker"]]
    for partner in demo_data.PARTNERS:
        texts += [partner["name"], partner["description"]]
    for text in texts:
        assert set(text) == set(LANGUAGES), text.get("ko")


def test_rerun_keeps_the_partner_year_the_district_entered():
    # The seed does not own since_year; the international-relations team fills it in.
    seed()
    Partner.objects.filter(slug="meguro").update(since_year=1991)

    seed()

    assert Partner.objects.get(slug="meguro").since_year == 1991


def test_partners_have_their_agreements_in_every_language():
    seed()
    signed = Agreement.objects.filter(status=Agreement.Status.SIGNED)
    assert sorted(signed.values_list("signed_on__year", flat=True)) == [2025, 2025, 2026, 2026,
                                                                         2026]
    assert set(Agreement.objects.values_list("partner__slug", flat=True)) == {
        "santa-clara", "meguro", "haidian"}
    for agreement in Agreement.objects.all():
        for lang in LANGUAGES:
            assert getattr(agreement, build_localized_fieldname("title", lang)), lang
