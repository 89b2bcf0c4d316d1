from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from apps.feedback.models import Feedback

from . import services
from .forms import AccountDeleteForm, ProfileForm
from .my_data import my_data_json


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user = form.save()
            messages.success(request, _("Your profile has been saved."))
            # Show the saved page in the language the person has just chosen.
            return redirect(translate_url(request.path, user.preferred_language))
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "accounts/profile.html", {"form": form})


@never_cache  # personal data: no cache, shared or private, may keep a copy (no-store)
@login_required
@require_GET
def my_data_download(request: HttpRequest) -> StreamingHttpResponse:
    """Everything the portal holds about the signed-in person, as a JSON file."""
    response = StreamingHttpResponse(my_data_json(user=request.user),
                                     content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _can_delete_self(user) -> bool:
    """Staff accounts are closed by an administrator: their events, replies and admin history
    must stay attributable, and the last superuser must not lock everyone out."""
    return not (user.is_staff or user.is_superuser)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Explains what a deletion does, in the page's language, and deletes on a confirmed
    POST."""
    user = request.user
    allowed = _can_delete_self(user)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and allowed and form.is_valid():
        services.account_delete(user=user)
        logout(request)
        # After the logout the message lives in a cookie (the session is gone).
        messages.success(request, _("Your account has been deleted."))
        return redirect("core:home")
    to_cancel = list(services.registrations_to_cancel(user=user).select_related("event")
                     .order_by("event__starts_at", "pk"))
    context = {
        "form": form,
        "allowed": allowed,
        "to_cancel": to_cancel,
        "past_count": user.registrations.exclude(pk__in=[r.pk for r in to_cancel]).count(),
        "feedback_count": Feedback.objects.filter(user=user).count(),
    }
    status = 403 if request.method == "POST" and not allowed else 200
    return render(request, "accounts/delete.html", context, status=status)
