"""Public pages of the events: list, detail, registration, my registrations, ticket, calendar
file and cancellation. Thin: reads go through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.exceptions import DomainError

from . import selectors, services
from .forms import EventFilterForm, RegistrationForm
from .ics import registration_calendar
from .models import Event, Registration
from .qr import ticket_qr_svg
from .templatetags.events_tags import availability

EVENTS_PER_PAGE = 12


def _get_event(slug: str) -> Event:
    try:
        return selectors.event_get(slug=slug)
    except Event.DoesNotExist as error:
        raise Http404 from error


def _get_own_registration(request: HttpRequest, pk: int) -> Registration:
    """Someone else's registration is a 404, not a 403: its existence stays private."""
    return get_object_or_404(selectors.registration_list_for_user(user=request.user), pk=pk)


def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    paginator = Paginator(selectors.event_list(filters=filters), EVENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    # Page links keep the filters; only the page number changes.
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/list.html", {
        "form": form,
        "page": page,
        "events": list(page.object_list),
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "filter_query": query.urlencode(),
        "is_filtered": form.is_filtered,
    })


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_event(slug)
    registration = selectors.registration_active_for(user=request.user, event=event)
    position = (
        selectors.waitlist_position(registration=registration) if registration else None
    )
    return render(request, "events/detail.html", {
        "event": event,
        "av": availability(event),
        "agenda": list(event.agenda_items.all()),
        "registration": registration,
        "waitlist_position": position,
    })


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _get_event(slug)
    existing = selectors.registration_active_for(user=request.user, event=event)
    if existing is not None:
        # A second submit, or a bookmarked form: show what the person already has.
        messages.info(request, _("You are already registered for this event."))
        return redirect("events:ticket", pk=existing.pk)

    av = availability(event)
    form = RegistrationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            registration, created = services.registration_create(
                event=event, user=request.user, **form.service_kwargs()
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            _announce(request, registration=registration, created=created)
            return redirect("events:ticket", pk=registration.pk)
    return render(request, "events/register.html", {"event": event, "av": av, "form": form})


def _announce(request: HttpRequest, *, registration: Registration, created: bool) -> None:
    title = registration.event.title
    if not created:
        messages.info(request, _("You are already registered for this event."))
    elif registration.status == Registration.Status.WAITLISTED:
        position = selectors.waitlist_position(registration=registration)
        messages.success(
            request,
            _("The event is full, so you are on the waiting list. You are number %(position)d "
              "on the waiting list; if a seat becomes free, it is yours and we will tell you.")
            % {"position": position},
        )
    else:
        messages.success(
            request,
            _("You are registered for %(title)s. Your seat is confirmed.") % {"title": title},
        )


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = list(selectors.registration_list_for_user(user=request.user))
    for registration in registrations:
        # Positions come from the list's own query (annotated), not one query per row.
        registration.position = selectors.waitlist_position(registration=registration)
    return render(request, "events/my_registrations.html", {"registrations": registrations})


def _can_cancel(registration: Registration) -> bool:
    return (
        registration.status in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
        and registration.event.status != Event.Status.CANCELLED
        and not _has_ended(registration.event)
    )


def _has_ended(event: Event) -> bool:
    return timezone.now() >= event.ends_at


@login_required
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _get_own_registration(request, pk)
    has_ticket = registration.status in Registration.SEAT_STATUSES
    return render(request, "events/ticket.html", {
        "registration": registration,
        "event": registration.event,
        "waitlist_position": selectors.waitlist_position(registration=registration),
        "qr_svg": ticket_qr_svg(registration.ticket_code) if has_ticket else None,
        "has_ticket": has_ticket,
        "can_cancel": _can_cancel(registration),
        "has_calendar": registration.status != Registration.Status.CANCELLED,
    })


@login_required
def ticket_ics(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _get_own_registration(request, pk)
    if registration.status == Registration.Status.CANCELLED:
        raise Http404
    with translation.override(registration.language):
        path = reverse("events:detail", kwargs={"slug": registration.event.slug})
    body = registration_calendar(
        registration=registration, event_url=request.build_absolute_uri(path)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    # A calendar file holds the ticket code: not for shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _get_own_registration(request, pk)
    if not _can_cancel(registration):
        if registration.status == Registration.Status.CANCELLED:
            messages.info(request, _("This registration is already cancelled."))
        else:
            messages.warning(request, _("This registration can no longer be cancelled."))
        return redirect("events:ticket", pk=registration.pk)
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        messages.success(
            request,
            _("Your registration for %(title)s is cancelled.")
            % {"title": registration.event.title},
        )
        return redirect("events:my_registrations")
    return render(request, "events/cancel.html", {
        "registration": registration,
        "event": registration.event,
    })
