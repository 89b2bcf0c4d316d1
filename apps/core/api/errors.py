"""One error format for the whole API.

Every error response is::

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {...}}}

`fields` is present for validation errors only. Messages are translated into the language
negotiated from Accept-Language.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
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

