"""`manage.py seed_demo`: loads the demo events, partner cities and organizer account.

The content lives in `apps/core/demo_data.py`; this command only applies it. It is safe to run
any number of times: rows are found by natural key (event and partner slug, agenda (event,
order), organizer email), and a row is written only when a value differs, so a second run
writes nothing and `updated_at` stays put. For demo content the seed is the source of truth: a
re-run restores edited titles and removes agenda lines it does not know. The organizer's
password is the one exception, it is set only when the account is created.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import translation
from modeltranslation import settings as mt_settings
from modeltranslation.fields import TranslationField
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from apps.accounts.models import ORGANIZERS_GROUP
from apps.accounts.roles import ORGANIZER_PERMISSIONS
from apps.core import demo_data
from apps.events.models import AgendaItem, Event
from apps.insights.models import Agreement, Partner

Outcome = Literal["created", "updated", "unchanged"]
Tallies = dict[str, Counter[str]]
M = TypeVar("M", bound=models.Model)


class Command(BaseCommand):
    help = (
        "Loads the demo content (four flagship events with agendas, partner cities and their "
        "agreements, organizer account). Idempotent: a second run changes nothing."
    )
    # Seeding a half-migrated database fails halfway through; say so up front instead.
    requires_migrations_checks = True

    def handle(self, *args: Any, **options: Any) -> None:
        self._verbose = options["verbosity"] >= 2
        email: str = settings.DEMO_ORGANIZER_EMAIL
        password: str = settings.DEMO_ORGANIZER_PASSWORD
        tallies: Tallies = {
            kind: Counter()
            for kind in ("events", "agenda items", "partners", "agreements", "organizer")
        }
        # Outside an active Korean locale modeltranslation would fill the untranslated base
        # columns from whatever language the shell runs in; Korean is the source language.
        with translation.override(mt_settings.DEFAULT_LANGUAGE), transaction.atomic():
            organizer, organizer_outcome = _seed_organizer(email=email, password=password)
            group = _seed_organizers_group(user=organizer)
            if organizer_outcome == "unchanged" and group.joined:
                organizer_outcome = "updated"
            tallies["organizer"][organizer_outcome] += 1

            for event_data in demo_data.EVENTS:
                event, outcome = _seed_event(data=event_data, organizer=organizer)
                tallies["events"][outcome] += 1
                self._trace(line=f"event {event.slug}: {outcome}")
                tallies["agenda items"].update(
                    _seed_agenda(event=event, items=event_data["agenda"])
                )

            for partner_data in demo_data.PARTNERS:
                partner, outcome = _seed_partner(data=partner_data)
                tallies["partners"][outcome] += 1
                self._trace(line=f"partner {partner.slug}: {outcome}")

            for agreement_data in demo_data.AGREEMENTS:
                agreement, outcome = _seed_agreement(data=agreement_data)
                tallies["agreements"][outcome] += 1
                self._trace(line=f"agreement {agreement.title_ko}: {outcome}")

        # Reported only after the commit, so nothing claims success for a rolled-back load.
        self._report(tallies=tallies, granted=group.granted)
        self._report_login(
            user=organizer, password=password, created=organizer_outcome == "created"
        )

    def _trace(self, *, line: str) -> None:
        if self._verbose:
            self.stdout.write(f"  {line}")

    def _report(self, *, tallies: Tallies, granted: int) -> None:
        total: Counter[str] = Counter()
        for kind, counts in tallies.items():
            total.update(counts)
            line = (
                f"  {kind:<13} created {counts['created']}, updated {counts['updated']}, "
                f"unchanged {counts['unchanged']}"
            )
            if counts["removed"]:
                line += f", removed {counts['removed']}"
            self.stdout.write(line)
        if granted:
            self.stdout.write(f"  Organizers group: granted {granted} admin permission(s).")
        summary = (
            f"Demo content: created {total['created']}, updated {total['updated']}, "
            f"unchanged {total['unchanged']}"
        )
        if total["removed"]:
            summary += f", removed {total['removed']}"
        self.stdout.write(self.style.SUCCESS(summary + "."))

    def _report_login(self, *, user: AbstractBaseUser, password: str, created: bool) -> None:
        email = user.email
        if not user.is_active:
            # The seed leaves is_active alone: an operator may have switched the account off
            # on purpose, and quietly re-enabling a staff login would undo that.
            self.stdout.write(self.style.WARNING(f"Organizer {email} is inactive; not changed."))
        if created and password:
            self.stdout.write(f"Organizer login: {email} / {password}")
        elif created:
            self.stdout.write(
                f"Organizer login: {email} (DEMO_ORGANIZER_PASSWORD is empty, so the account "
                "has no password; log in by emailed code or set one with changepassword)"
            )
        else:
            self.stdout.write(
                f"Organizer login: {email} (account already existed; its password was kept)"
            )
        self._report_two_factor(user=user)

    def _report_two_factor(self, *, user: AbstractBaseUser) -> None:
        # Staff must use an authenticator app (apps/accounts/middleware_mfa.py). The seed
        # never makes one: a secret printed here would be a second factor anyone could read.
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists():
            self.stdout.write(
                "Two-factor: the organizer's authenticator app is set up; every login asks "
                "for its code."
            )
        else:
            self.stdout.write(
                "Two-factor: staff must use an authenticator app (TOTP). After logging in, the "
                "admin, dashboard and check-in send the organizer to set one up: scan the QR "
                "code with the app (or type the secret), enter the code, keep the recovery codes."
            )


@dataclass(frozen=True)
class _GroupResult:
    """What seeding the Organizers group changed, for the summary."""

    granted: int
    joined: bool


# --- organizer --------------------------------------------------------------------------------


def _seed_organizer(*, email: str, password: str) -> tuple[AbstractBaseUser, Outcome]:
    """Creates the demo organizer, or brings an existing one back to the seeded profile.

    The password is only set on creation: an operator who changed it must not be locked out
    by a re-run.
    """
    user_model = get_user_model()
    user = user_model._default_manager.filter(email__iexact=email).first()
    if user is None:
        user = user_model._default_manager.create_user(
            email=email, password=password or None, **demo_data.ORGANIZER
        )
        return user, "created"
    changed = _assign_changed(obj=user, values=dict(demo_data.ORGANIZER))
    if not changed:
        return user, "unchanged"
    user.save(update_fields=changed)
    return user, "updated"


def _seed_organizers_group(*, user: AbstractBaseUser) -> _GroupResult:
    """Puts the organizer in the Organizers group and gives the group its admin permissions."""
    # The accounts migration creates the group; get_or_create covers a database where an
    # operator deleted it.
    group, _created = Group.objects.get_or_create(name=ORGANIZERS_GROUP)
    wanted = _permissions(codes=ORGANIZER_PERMISSIONS)
    have = set(group.permissions.values_list("pk", flat=True))
    missing = [permission for permission in wanted if permission.pk not in have]
    if missing:
        group.permissions.add(*missing)
    joined = not user.groups.filter(pk=group.pk).exists()
    if joined:
        user.groups.add(group)
    return _GroupResult(granted=len(missing), joined=joined)


def _permissions(*, codes: list[tuple[str, str]]) -> list[Permission]:
    found = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _app, codename in codes]
        )
    }
    absent = [f"{app}.{codename}" for app, codename in codes if (app, codename) not in found]
    if absent:
        # Permissions are created after `migrate`; without them the organizer could log in
        # but see an empty admin, which is worse than stopping here.
        raise CommandError(
            f"Missing permissions {', '.join(absent)}; run `manage.py migrate` first."
        )
    return [found[code] for code in codes]


# --- events, agenda, partners ------------------------------------------------------------------


def _seed_event(*, data: demo_data.EventData, organizer: AbstractBaseUser) -> tuple[Event, Outcome]:
    fields = {name: value for name, value in data.items() if name not in {"slug", "agenda"}}
    event, outcome = _upsert(model=Event, lookup={"slug": data["slug"]}, data=fields)
    # Other organizers an operator added stay; the seed only makes sure the demo one is there.
    if not event.organizers.filter(pk=organizer.pk).exists():
        event.organizers.add(organizer)
        if outcome == "unchanged":
            outcome = "updated"
    return event, outcome


def _seed_agenda(*, event: Event, items: list[demo_data.AgendaData]) -> Counter[str]:
    """Makes the event's programme exactly the seeded one, matched on (event, order).

    AgendaItem has no unique key, so duplicates or lines an operator added could exist; the
    first line per order is kept and updated, the rest removed, so re-runs never duplicate.
    """
    counts: Counter[str] = Counter()
    existing: dict[int, AgendaItem] = {}
    surplus: list[int] = []
    for item in AgendaItem.objects.filter(event=event).order_by("order", "pk"):
        if item.order in existing:
            surplus.append(item.pk)
        else:
            existing[item.order] = item
    # Orders start at 1: 0 is the model default, i.e. what a line typed in by hand gets.
    seeded_orders: set[int] = set()
    for order, data in enumerate(items, start=1):
        seeded_orders.add(order)
        values = _expand_translations(model=AgendaItem, data=data)
        item = existing.get(order)
        if item is None:
            _create(model=AgendaItem, values={"event": event, "order": order, **values})
            counts["created"] += 1
        else:
            counts[_update(obj=item, values=values)] += 1
    surplus += [item.pk for order, item in existing.items() if order not in seeded_orders]
    if surplus:
        AgendaItem.objects.filter(pk__in=surplus).delete()
        counts["removed"] += len(surplus)
    return counts


def _seed_partner(*, data: demo_data.PartnerData) -> tuple[Partner, Outcome]:
    fields = {name: value for name, value in data.items() if name != "slug"}
    return _upsert(model=Partner, lookup={"slug": data["slug"]}, data=fields)


def _seed_agreement(*, data: demo_data.AgreementData) -> tuple[Agreement, Outcome]:
    partner = Partner.objects.get(slug=data["partner"])
    fields = {name: value for name, value in data.items() if name != "partner"}
    # The Korean title is the agreement's name in the district's records.
    return _upsert(model=Agreement, lookup={"partner": partner, "title_ko": data["title"]["ko"]},
                   data=fields)


# --- generic write helpers ---------------------------------------------------------------------


def _upsert(
    *, model: type[M], lookup: Mapping[str, Any], data: Mapping[str, Any]
) -> tuple[M, Outcome]:
    values = _expand_translations(model=model, data=data)
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return _create(model=model, values={**lookup, **values}), "created"
    return obj, _update(obj=obj, values=values)


def _create(*, model: type[M], values: Mapping[str, Any]) -> M:
    obj = model(**values)
    # SQLite ignores max_length and friends; validating here keeps the demo loadable on
    # PostgreSQL too, and catches data slips (ends before start, bad URL) with a clear message.
    obj.full_clean()
    obj.save()
    return obj


def _update(*, obj: models.Model, values: Mapping[str, Any]) -> Outcome:
    changed = _assign_changed(obj=obj, values=values)
    if not changed:
        return "unchanged"
    obj.full_clean()
    obj.save(update_fields=_update_fields(obj=obj, changed=changed))
    return "updated"


def _assign_changed(*, obj: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Assigns the values that differ from what is stored and returns their field names.

    Values are compared in their database form, so an aware datetime in Seoul time equals the
    same instant read back in UTC, and a Country object equals its code.
    """
    changed = []
    for name, value in values.items():
        field = obj._meta.get_field(name)
        current = getattr(obj, field.attname)
        if field.get_prep_value(current) != field.get_prep_value(value):
            setattr(obj, field.attname, value)
            changed.append(name)
    return changed


def _update_fields(*, obj: models.Model, changed: list[str]) -> list[str]:
    fields = set(changed)
    for name in changed:
        field = obj._meta.get_field(name)
        # modeltranslation keeps the untranslated column as a copy of the default language;
        # a raw query or a later un-registration would otherwise read stale Korean text.
        if isinstance(field, TranslationField) and field.language == mt_settings.DEFAULT_LANGUAGE:
            fields.add(field.translated_field.name)
    # auto_now only applies to fields that are saved, so a real change must name it.
    fields.update(f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False))
    return sorted(fields)


def _expand_translations(*, model: type[models.Model], data: Mapping[str, Any]) -> dict[str, Any]:
    """Turns {"title": {"ko": …, "en": …}} into {"title_ko": …, "title_en": …}.

    Every portal language must be present: a demo that silently falls back to Korean would
    hide exactly the gaps it is meant to show.
    """
    try:
        translated = set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        translated = set()
    languages = set(mt_settings.AVAILABLE_LANGUAGES)
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in translated:
            values[name] = value
            continue
        if set(value) != languages:
            raise CommandError(
                f"Demo text for {model.__name__}.{name} ({value.get('ko', '?')!r}) must cover "
                f"exactly {sorted(languages)}; it has {sorted(value)}."
            )
        for language, text in value.items():
            values[build_localized_fieldname(name, language)] = text
    return values
