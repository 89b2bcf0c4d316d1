"""Public pages of the core app: home, privacy policy, accessibility statement, language switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import check_for_language, gettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from apps.core.i18n import language_name_local
from apps.events.selectors import event_list_upcoming
from apps.insights.selectors import partner_list


def home(request):
    return render(
        request,
        "core/home.html",
        {"events": event_list_upcoming(limit=4), "partners": partner_list()},
    )


def privacy(request):
    return render(request, "core/privacy.html")


def accessibility(request):
    return render(request, "core/accessibility.html")


@require_POST
def set_language(request):
    """Django's set_language (keeps the current page via `next`), and for a logged-in person
    also remembers the choice as their preferred language for messages and future logins."""
    # Django translates `next` only when the active language matches its prefix; activate
    # the language of the page the person is on, so /en/privacy/ becomes /vi/privacy/.
    next_url = request.POST.get("next", "")
    page_language = translation.get_language_from_path(next_url) or translation.get_language()
    with translation.override(page_language):
        response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and check_for_language(language)
        and language in dict(settings.LANGUAGES)
        and user.preferred_language != language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        # Said out loud: a helper who switches the page for a resident also changes the
        # language the resident's emails arrive in.
        with translation.override(language):
            messages.info(request, gettext(
                "Messages will now be sent to you in %(language)s. You can change this in "
                "your profile.") % {"language": language_name_local(language)})
    return response
