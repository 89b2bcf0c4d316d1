"""The door check-in page: organizers type or scan a ticket code on a phone at the entrance.

Thin views over `services.registration_check_in`. The page works as a plain form; with
JavaScript (static/js/checkin.js) it submits in the background and can read QR codes with the
camera, but the server answers the same HTML either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import exceptions as exc
from . import services
from .models import Event, Registration

# An event stays in the "today and coming" list this long after it ends, for late arrivals
# and for checking in people who were let in before the phone was ready.
RECENT = timedelta(hours=12)


class CheckInForm(forms.Form):
    ticket_code = forms.CharField(
        label=gettext_lazy("Ticket code"),
        max_length=64,
        error_messages={"required": gettext_lazy("Please type or scan a ticket code.")},
    )


@dataclass
class CheckInResult:
    level: str  # success, warning or danger: the KRDS alert colour of the panel
    title: str
    message: str
    registration: Registration | None = None
    detail: str = ""
    other_event: Event | None = None

    @property
    def ok(self) -> bool:
        return self.level == "success"


def _login_or_forbid(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied
    return None


def _counts(event: Event) -> dict[str, int]:
    return Registration.objects.filter(event=event).aggregate(
        checked_in=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
        expected=Count("pk", filter=Q(status__in=Registration.SEAT_STATUSES)),
    )


def check_in(*, event: Event, raw_code: str, user) -> CheckInResult:
    """Checks a ticket in for `event` and describes the outcome for the result panel."""
    code = services.normalize_ticket_code(raw_code)
    registration = (
        Registration.objects.select_related("event", "user").filter(ticket_code=code).first()
    )
    if registration is None or not services.can_manage_event(user=user,
                                                              event=registration.event):
        # Tickets of events this organizer does not run look exactly like unknown ones.
        return CheckInResult(
            level="danger", title=_("Not found"), message=str(exc.TicketNotFound().message),
            detail=_("Check the code for typing mistakes, or ask for the confirmation email."),
        )
    if registration.event_id != event.pk:
        return CheckInResult(
            level="danger",
            title=_("Another event"),
            message=_("This ticket is for another event: %(title)s.")
            % {"title": registration.event},
            detail=_("It was not checked in here."),
            registration=registration,
            other_event=registration.event,
        )
    try:
        registration = services.registration_check_in(ticket_code=code, by=user)
    except exc.AlreadyCheckedIn as error:
        return CheckInResult(
            level="warning", title=_("Already checked in"), message=str(error.message),
            detail=_("The same ticket cannot be used twice."), registration=registration,
        )
    except exc.NotCheckInable as error:
        if registration.status == Registration.Status.WAITLISTED:
            detail = _("This person is on the waiting list and has no seat yet.")
        elif registration.status == Registration.Status.CANCELLED:
            detail = _("This registration was cancelled.")
        else:
            detail = ""
        return CheckInResult(
            level="danger", title=_("Not checked in"), message=str(error.message),
            detail=detail, registration=registration,
        )
    except exc.TicketNotFound as error:
        return CheckInResult(level="danger", title=_("Not found"), message=str(error.message))
    return CheckInResult(
        level="success", title=_("Checked in"),
        message=_("Welcome, %(name)s.") % {"name": registration.person_label},
        registration=registration,
    )


@never_cache
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The organizer picks the event whose door they are at."""
    denied = _login_or_forbid(request)
    if denied:
        return denied
    events = (
        Event.objects.organized_by(request.user)
        .exclude(status=Event.Status.DRAFT)
        .annotate(
            checked_in=Count("registrations", distinct=True,
                             filter=Q(registrations__status=Registration.Status.ATTENDED)),
            expected=Count("registrations", distinct=True,
                           filter=Q(registrations__status__in=Registration.SEAT_STATUSES)),
        )
    )
    since = timezone.now() - RECENT
    return render(request, "events/checkin_index.html", {
        "current_events": events.filter(ends_at__gte=since).order_by("starts_at", "pk"),
        "past_events": events.filter(ends_at__lt=since).order_by("-starts_at", "-pk")[:10],
    })


@never_cache
@require_http_methods(["GET", "POST"])
def event(request: HttpRequest, slug: str) -> HttpResponse:
    denied = _login_or_forbid(request)
    if denied:
        return denied
    event = get_object_or_404(Event, slug=slug)
    if not services.can_manage_event(user=request.user, event=event):
        raise PermissionDenied
    result = None
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            result = check_in(event=event, raw_code=form.cleaned_data["ticket_code"],
                              user=request.user)
            # An empty field, ready for the next person in the queue.
            form = CheckInForm()
        else:
            result = CheckInResult(
                level="danger", title=_("No ticket code"),
                message=" ".join(str(e) for e in form.errors.get("ticket_code", [])),
            )
            form = CheckInForm()
    return render(request, "events/checkin.html", {
        "event": event,
        "form": form,
        "result": result,
        "counts": _counts(event),
    })
