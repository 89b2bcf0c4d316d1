from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import PreferenceForm
from .models import NotificationPreference


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """Which optional messages the person receives; every email links here."""
    preference, _created = NotificationPreference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if not request.user.is_staff:
        del form.fields["organizer_digest"]
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your message settings have been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
