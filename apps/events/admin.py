"""Events and registrations in the admin.

Organizers (staff users in the "Organizers" group) see and change only the events that list
them, and only the registrations of those events; superusers see all. Every change of seats or
status goes through apps/events/services.py, so the admin keeps the invariants of the public
pages and the API: capacity changes promote from the waiting list or are refused, a cancelled
event tells its registrants why, and a registration changes only through the actions below.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TabbedTranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from apps.accounts.models import User
from apps.core.admin import HTTPS_URL_FIELDS
from apps.core.exceptions import DomainError

from . import exceptions as exc
from . import selectors, services
from .exports import registrations_csv_response
from .models import ANONYMISED, AgendaItem, Event, Registration, RegistrationQuestion


def _time_or_place_changed(form: forms.ModelForm) -> bool:
    """Includes every language column of the translated venue (venue_name_ko, …)."""
    return any(
        name == field or name.startswith(f"{field}_")
        for name in form.changed_data for field in services.CHANGE_FIELDS
    )


def manages(request: HttpRequest, event: Event | None) -> bool:
    """Object-level rule shared by both admins: None (the list itself) is left to the model
    permissions; a given event only to its organizers and to superusers."""
    return event is None or services.can_manage_event(user=request.user, event=event)


# --- Events ------------------------------------------------------------------------------


class AgendaItemInline(TranslationTabularInline):
    model = AgendaItem
    extra = 0


class RegistrationQuestionInline(TranslationStackedInline):
    model = RegistrationQuestion
    extra = 0
    fields = ["label", "help_text", "kind", "options", "required", "order"]


class EventAdminForm(forms.ModelForm):
    """Validates what the services would refuse, so a refused save changes nothing at all."""

    interpretation_languages = forms.MultipleChoiceField(
        label=_("interpretation languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People can ask for interpretation into these languages when they register."),
    )

    class Meta:
        model = Event
        # The admin passes the fields of its fieldsets; these are the ones validated here.
        fields = ["status", "cancellation_reason", "capacity", "interpretation_languages"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # What the database holds now; save_model hands the differences to the services.
        self.saved_capacity = self.instance.capacity if self.instance.pk else None
        self.saved_status = self.instance.status if self.instance.pk else None

    @property
    def capacity_changed(self) -> bool:
        return bool(self.instance.pk) and "capacity" in self.changed_data

    @property
    def cancelling(self) -> bool:
        return (
            self.cleaned_data.get("status") == Event.Status.CANCELLED
            and self.saved_status != Event.Status.CANCELLED
        )

    def clean(self):
        cleaned = super().clean()
        if "status" in self.fields and self.cancelling:
            reason = (cleaned.get("cancellation_reason") or "").strip()
            if not reason:
                self.add_error(
                    "cancellation_reason",
                    _("Please give the reason for the cancellation. Everyone who registered "
                      "receives it, and the event page shows it."),
                )
            else:
                cleaned["cancellation_reason"] = reason
        if self.capacity_changed and cleaned.get("capacity") is not None:
            taken = self._seats_taken()
            if cleaned["capacity"] < taken:
                self.add_error("capacity", exc.CapacityBelowTaken(taken=taken).message)
        return cleaned

    def _seats_taken(self) -> int:
        # The admin validates and saves in one transaction; locking the event row here keeps
        # the count true until save_model calls event_capacity_change, so no registration can
        # slip in between the check and the save.
        rows = Event.objects.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        rows.get()
        return services.seats_taken(event=self.instance)


@admin.register(Event)
class EventAdmin(TabbedTranslationAdmin):
    form = EventAdminForm
    change_form_template = "admin/events/event/change_form.html"
    list_display = [
        "title", "axis", "format", "starts_at", "status", "seats", "waitlisted",
        "languages_filled",
    ]
    list_filter = ["status", "axis", "format", ("starts_at", admin.DateFieldListFilter),
                   "waitlist_enabled"]
    search_fields = [
        "slug", "title_ko", "title_en", "title_zh_hans", "title_ja", "title_vi", "venue_name_ko",
    ]
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ["organizers"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, RegistrationQuestionInline]
    formfield_overrides = HTTPS_URL_FIELDS
    fieldsets = [
        (None, {"fields": ["title", "slug", "axis", "format", "status", "cancellation_reason"]}),
        (_("Description"), {"fields": ["summary", "description"]}),
        (_("Place and time"), {"fields": ["venue_name", "venue_address", "map_url",
                                          "online_url", "starts_at", "ends_at"]}),
        (_("Registration"), {"fields": ["registration_opens_at", "registration_closes_at",
                                        "capacity", "waitlist_enabled",
                                        "interpretation_languages"]}),
        (_("Organizers"), {"fields": ["organizers"]}),
    ]

    @admin.display(description=_("languages filled"))
    def languages_filled(self, obj: Event):
        codes = [code for code, _name in settings.LANGUAGES
                 if getattr(obj, f"title_{code.replace('-', '_')}", "")]
        return format_html_join(" ", '<span lang="{}">{}</span>', ((c, c) for c in codes))

    @admin.display(description=_("seats taken"))
    def seats(self, obj: Event) -> str:
        if obj.capacity is None:
            return str(obj.seats_taken)
        return f"{obj.seats_taken} / {obj.capacity}"

    @admin.display(description=_("waiting list"), ordering="waitlisted_count")
    def waitlisted(self, obj: Event) -> int:
        return obj.waitlisted_count

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .organized_by(request.user)
            .annotate(
                seats_taken=Count(
                    "registrations", distinct=True,
                    filter=Q(registrations__status__in=Registration.SEAT_STATUSES),
                ),
                waitlisted_count=Count(
                    "registrations", distinct=True,
                    filter=Q(registrations__status=Registration.Status.WAITLISTED),
                ),
            )
        )

    # Object permissions: the model permissions say what an organizer may do with events in
    # general; these say with which events.
    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and manages(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and manages(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and manages(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("organizers")
        if obj is not None and obj.status == Event.Status.CANCELLED:
            # A cancellation has been announced to everyone registered; it is not undone
            # here, and seats of a cancelled event no longer move.
            readonly += ["status", "capacity"]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "organizers":
            # Only staff accounts can use the admin and the door check-in.
            kwargs["queryset"] = User.objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj: Event, form: EventAdminForm, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        new_capacity, capacity_changed = obj.capacity, form.capacity_changed
        cancelling = "status" in form.fields and form.cancelling
        # Everything but seats and cancellation is saved as it is; those two go through the
        # services, which lock the event, promote from the waiting list and notify people.
        if capacity_changed:
            obj.capacity = form.saved_capacity
        if cancelling:
            obj.status = form.saved_status
        super().save_model(request, obj, form, change)
        if capacity_changed:
            promoted = services.event_capacity_change(event=obj, capacity=new_capacity)
            obj.capacity = new_capacity
            if promoted:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d person was moved up from the waiting list and has a seat "
                        "now.",
                        "%(count)d people were moved up from the waiting list and have a seat "
                        "now.",
                        len(promoted),
                    ) % {"count": len(promoted)},
                    messages.SUCCESS,
                )
        if not cancelling and obj.status != Event.Status.CANCELLED and _time_or_place_changed(
            form
        ):
            told = services.event_notify_changed(event=obj)
            if told:
                self.message_user(
                    request,
                    ngettext(
                        "The time or place changed: %(count)d registrant is told in their "
                        "own language.",
                        "The time or place changed: %(count)d registrants are told in their "
                        "own language.",
                        told,
                    ) % {"count": told},
                    messages.INFO,
                )
        if cancelling:
            services.event_cancel(event=obj, reason=obj.cancellation_reason)
            obj.status = Event.Status.CANCELLED
            self.message_user(
                request,
                gettext("The event is cancelled. Everyone registered is told why in their "
                        "own language."),
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and not request.user.is_superuser:
            # Whoever creates an event organizes it; otherwise they could not open it again.
            form.instance.organizers.add(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None and self.has_view_permission(request, obj):
            extra_context.update(event_figures(obj))
            registrations_admin = self.admin_site.get_model_admin(Registration)
            if registrations_admin.has_view_permission(request):
                extra_context["registrations_url"] = (
                    reverse("admin:events_registration_changelist")
                    + "?" + urlencode({OrganizedEventFilter.parameter_name: obj.pk})
                )
            extra_context["checkin_url"] = reverse("checkin:event", kwargs={"slug": obj.slug})
        return super().change_view(request, object_id, form_url, extra_context)


def event_figures(event: Event) -> dict:
    """Seat figures and interpretation needs shown on the event's admin page."""
    rows = (
        Registration.objects.filter(event=event).order_by().values("status")
        .annotate(n=Count("pk"))
    )
    by_status = {row["status"]: row["n"] for row in rows}
    confirmed = by_status.get(Registration.Status.CONFIRMED, 0)
    attended = by_status.get(Registration.Status.ATTENDED, 0)
    left = None if event.capacity is None else max(event.capacity - confirmed - attended, 0)
    counts = selectors.interpretation_counts(event=event)
    names = dict(settings.LANGUAGES)
    offered = list(event.interpretation_languages or [])
    # Offered languages first, in the portal's order, then any asked for but no longer offered.
    codes = [code for code, _name in settings.LANGUAGES if code in offered or code in counts]
    return {
        "figures": {
            "capacity": event.capacity,
            "confirmed": confirmed,
            "attended": attended,
            "waitlisted": by_status.get(Registration.Status.WAITLISTED, 0),
            "cancelled": by_status.get(Registration.Status.CANCELLED, 0),
            "seats_left": left,
        },
        "interpretation_rows": [
            {"code": code, "name": names.get(code, code), "count": counts.get(code, 0),
             "offered": code in offered}
            for code in codes
        ],
    }


# --- Registrations -----------------------------------------------------------------------


class OrganizedEventFilter(admin.SimpleListFilter):
    """Filter by event, offering only the events the user organizes."""

    title = _("event")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        events = Event.objects.organized_by(request.user).order_by("-starts_at")
        return [(str(event.pk), str(event)) for event in events]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(event_id=int(value))
        return queryset


class ResidentTypeFilter(admin.SimpleListFilter):
    title = _("resident type")
    parameter_name = "resident_type"

    def lookups(self, request, model_admin):
        return User.ResidentType.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(resident_type=self.value())
        return queryset


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Registrations are made by people, not here; an organizer reads them and moves them on
    with the actions, each of which is a service call. No field is edited by hand."""

    # Language and resident type are filters; as columns they would push the table wider
    # than a laptop screen.
    list_display = [
        "ticket_code", "person_name", "person_email", "event", "status",
        "interpretation_language", "created_at", "checked_in_at",
    ]
    list_filter = ["status", ResidentTypeFilter, "language", "interpretation_language",
                   OrganizedEventFilter]
    search_fields = ["ticket_code", "user__email", "user__name"]
    list_select_related = ["event", "user"]
    list_per_page = 100
    ordering = ["-created_at", "-pk"]
    actions = ["export_csv", "mark_attended", "promote", "cancel_registrations"]
    fields = [
        "event", "person_name", "person_email", "status", "ticket_code", "language",
        "resident_type_label", "country", "interpretation_language", "accessibility_needs",
        "answers_display", "privacy_consent_at", "created_at", "promoted_at", "checked_in_at",
        "checked_in_by", "cancelled_at", "anonymised_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("name"), ordering="user__name")
    def person_name(self, obj: Registration) -> str:
        # An anonymised registration has no person (apps/accounts/anonymisation.py).
        return obj.user.name if obj.user_id else str(ANONYMISED)

    @admin.display(description=_("email address"), ordering="user__email")
    def person_email(self, obj: Registration) -> str:
        return obj.person_email

    @admin.display(description=_("resident type"), ordering="resident_type")
    def resident_type_label(self, obj: Registration) -> str:
        return str(dict(User.ResidentType.choices).get(obj.resident_type, obj.resident_type))

    @admin.display(description=_("answers"))
    def answers_display(self, obj: Registration):
        answers = obj.answers or {}
        rows = []
        for question in obj.event.questions.all():
            value = answers.get(str(question.pk))
            if value is None:
                continue
            if isinstance(value, bool):
                value = gettext("Yes") if value else gettext("No")
            rows.append((question.label, value))
        if not rows:
            return "-"
        return format_html(
            "<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", rows)
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if not request.user.is_superuser:
            qs = qs.filter(event__organizers=request.user)
        return qs

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Registrations feed attendance figures; they are cancelled, never erased here (the
        # person's own account deletion removes them).
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and manages(
            request, obj.event if obj is not None else None
        )

    def has_change_permission(self, request, obj=None):
        # The change permission enables the actions on the list; a single registration opens
        # read-only, since its status moves only through those actions.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    # --- actions ------------------------------------------------------------------------

    @admin.action(description=_("Export the selected registrations to CSV"),
                  permissions=["view"])
    def export_csv(self, request, queryset):
        return registrations_csv_response(queryset, exported_by=request.user)

    @admin.action(description=_("Mark the selected registrations as attended"),
                  permissions=["change"])
    def mark_attended(self, request, queryset):
        done, failures = 0, []
        for registration in queryset.select_related("user").order_by("created_at", "pk"):
            try:
                services.registration_check_in(ticket_code=registration.ticket_code,
                                               by=request.user)
            except DomainError as error:
                failures.append((registration, error.message))
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d registration was marked as attended.",
                         "%(count)d registrations were marked as attended.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        self._report_failures(
            request, failures,
            ngettext("%(count)d registration could not be marked as attended:",
                     "%(count)d registrations could not be marked as attended:",
                     len(failures)),
        )

    @admin.action(description=_("Promote the selected registrations from the waiting list"),
                  permissions=["change"])
    def promote(self, request, queryset):
        done, failures = 0, []
        # Oldest first: if seats run out, those who waited longest got them.
        for registration in queryset.select_related("user").order_by("created_at", "pk"):
            try:
                services.registration_promote(registration=registration)
            except DomainError as error:
                failures.append((registration, error.message))
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d registration was promoted from the waiting list.",
                         "%(count)d registrations were promoted from the waiting list.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        self._report_failures(
            request, failures,
            ngettext("%(count)d registration could not be promoted:",
                     "%(count)d registrations could not be promoted:", len(failures)),
        )

    @admin.action(description=_("Cancel the selected registrations"), permissions=["change"])
    def cancel_registrations(self, request, queryset):
        if request.POST.get("post") == "yes":
            cancelled = promoted = 0
            for registration in queryset.order_by("created_at", "pk"):
                if registration.status == Registration.Status.CANCELLED:
                    continue
                promoted += len(services.registration_cancel(registration=registration))
                cancelled += 1
            if cancelled:
                self.message_user(
                    request,
                    ngettext("%(count)d registration was cancelled.",
                             "%(count)d registrations were cancelled.", cancelled)
                    % {"count": cancelled},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request, gettext("The selected registrations were already cancelled."),
                    messages.WARNING,
                )
            if promoted:
                self.message_user(
                    request,
                    ngettext("%(count)d person was moved up from the waiting list into a freed "
                             "seat.",
                             "%(count)d people were moved up from the waiting list into freed "
                             "seats.", promoted)
                    % {"count": promoted},
                    messages.SUCCESS,
                )
            return None
        registrations = list(queryset.select_related("event", "user").order_by("created_at", "pk"))
        active = [r for r in registrations if r.status != Registration.Status.CANCELLED]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Cancel registrations"),
            "subtitle": None,
            "opts": self.model._meta,
            "registrations": registrations,
            "active_count": len(active),
            "holding_seats": sum(r.status in Registration.SEAT_STATUSES for r in active),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "cancel_registrations",
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/events/registration/cancel_selected_confirmation.html", context
        )

    def _report_failures(self, request, failures: list[tuple[Registration, str]],
                         heading: str) -> None:
        if not failures:
            return
        self.message_user(
            request,
            format_html(
                "{}<ul>{}</ul>",
                heading % {"count": len(failures)},
                format_html_join(
                    "", "<li>{} ({}): {}</li>",
                    ((r.ticket_code, r.person_label, str(message))
                     for r, message in failures),
                ),
            ),
            messages.WARNING,
        )

