"""Staff reach the admin, the dashboard, the door check-in and the API only after two-factor.

For a staff account (organizer or superuser), in these areas:
- without an authenticator app: a redirect to allauth's activation page, with a message;
- with one, but a session that has not used it (a login that skipped allauth's flow, e.g.
  Django's admin form, or a session opened before the app was set up): a redirect to
  allauth's re-authentication page, which asks for a code and comes back;
- through the API with the session: 403 (`mfa_required`) in the API's error format. A
  request that carries an API token (`Authorization: Token ...`) is left to DRF: a staff
  member can only create a token from a session or a token, so after two-factor (see
  docs/operations.md for tokens issued before).

Django's own admin login form stays: it checks the password only, so the session it opens
has not used the second factor and the re-authentication page asks for the code before the
first admin page. allauth's login (emailed code) asks for it during the login itself.

The areas are URL namespaces, so every page added under them is covered.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from apps.core.api.errors import error_body

from .mfa import has_totp, mfa_required, session_passed_mfa

STAFF_AREAS = frozenset({"admin", "dashboard", "checkin"})
API_AREA = "api"


def _with_next(url: str, request: HttpRequest) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


def _carries_api_token(request: HttpRequest) -> bool:
    # DRF's TokenAuthentication compares the keyword without regard to case.
    keyword = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0]
    return keyword.lower() == "token"


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        area = match.namespaces[0] if match and match.namespaces else None
        if area not in STAFF_AREAS and area != API_AREA:
            return None
        if area == API_AREA and _carries_api_token(request):
            return None  # left to DRF (module docstring), without loading the session's user
        user = request.user
        if not mfa_required(user) or (area == "admin" and match.url_name == "logout"):
            return None
        if area == API_AREA:
            return self._api(request)
        if not has_totp(user):
            messages.warning(request, _(
                "Staff accounts must use two-factor authentication. Set up an authenticator "
                "app to continue."
            ))
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        if not session_passed_mfa(request, user):
            messages.info(request, _(
                "To continue, confirm it is you with a code from your authenticator app."
            ))
            return HttpResponseRedirect(_with_next(reverse("mfa_reauthenticate"), request))
        return None

    def _api(self, request: HttpRequest) -> HttpResponse | None:
        if has_totp(request.user) and session_passed_mfa(request, request.user):
            return None
        return JsonResponse(
            error_body(
                status_code=403,
                code="mfa_required",
                message=_(
                    "Staff accounts must use two-factor authentication: sign in on the "
                    "website with your authenticator app, or use an API token."
                ),
            ),
            status=403,
        )
