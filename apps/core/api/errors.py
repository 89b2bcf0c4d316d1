"""One error format for the whole API.

Every error response is::

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {...}}}

`fields` is present for validation errors only. Messages are translated into the language
negotiated from Accept-Language.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from apps.core.exceptions import DomainError


def _first_message(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        return _first_message(next(iter(detail.values())))
    return str(detail)


def error_body(*, status_code: int, code: str, message: str, fields: Any = None) -> dict:
    body: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if fields is not None:
        body["fields"] = fields
    return {"error": body}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(
            error_body(status_code=exc.status_code, code=exc.code, message=str(exc.message),
                       fields=getattr(exc, "errors", None)),
            status=exc.status_code,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            status_code=response.status_code,
            code="invalid",
            message=_first_message(exc.detail),
            fields=exc.detail,
        )
    else:
        detail = getattr(exc, "detail", str(exc))
        code = detail.code if hasattr(detail, "code") else "error"
        response.data = error_body(
            status_code=response.status_code, code=str(code), message=str(detail)
        )
    return response



# --- The error format in the OpenAPI schema -----------------------------------------------
# Views name the errors each operation can answer with `extend_schema(responses=...)`, so the
# schema documents them and clients (and tests/api/test_schemathesis.py) can rely on it.


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(help_text='Machine-readable, e.g. "invalid", "not_found", '
                                           '"not_authenticated", "throttled".')
    message = serializers.CharField(help_text="For people, in the negotiated language.")
    fields = serializers.JSONField(
        required=False, help_text="Validation errors only: the messages of each field."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    400: "Invalid input; `error.fields` names each field's problem.",
    401: "Not authenticated (or an invalid token, on any operation): send "
         "`Authorization: Token <key>`, or use a session.",
    403: "Not allowed: staff only, or a staff session that has not used two-factor "
         "authentication (any operation).",
    404: "Not found, or not yours (the same answer, so identifiers cannot be probed); also an "
         "unknown page of a list.",
    409: "Conflicts with the current state (e.g. registration closed, event full).",
    415: "The body is not in a media type the operation reads (JSON, form or multipart), or "
         "cannot be read in the one its Content-Type names.",
    429: "Too many requests; retry after the time in the Retry-After header.",
}


# Any operation: a wrong token fails authentication, a staff session without two-factor is
# refused (apps/accounts/middleware_mfa.py), and every operation is throttled.
ALWAYS = (401, 403, 429)


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """`extend_schema(responses={200: ..., **error_responses(400, 404)})`: the errors an
    operation answers with, 401, 403 and 429 always among them."""
    return {
        status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
        for status in sorted({*statuses, *ALWAYS})
    }


@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any path under /api/v1/ that names nothing (config/api.py routes it last): 404 in the
    API's error format, not the HTML page, whatever the method."""
    return JsonResponse(
        error_body(status_code=404, code="not_found",
                   message=str(exceptions.NotFound.default_detail)),
        status=404,
    )
